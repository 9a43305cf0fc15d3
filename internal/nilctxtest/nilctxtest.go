// Package nilctxtest checks that a type's methods survive a nil
// context.Context: each exported method whose first parameter is a
// context.Context is called with a nil one and zero values for the rest,
// and must return (an error, a denial, anything) rather than panic. It is
// for tests only.
package nilctxtest

import (
	"context"
	"fmt"
	"reflect"
	"testing"
)

var ctxType = reflect.TypeFor[context.Context]()

// Check calls every exported method of v (a pointer, usually) whose first
// parameter is a context.Context with a nil context and zero values for
// the other parameters, and fails t for each that panics. Methods named in
// skip are left out (say why at the call site). It returns the names of
// the methods it called, so a test can assert that it covered some.
func Check(t testing.TB, v any, skip ...string) []string {
	t.Helper()
	rv := reflect.ValueOf(v)
	var called []string
	for i := range rv.NumMethod() {
		m := rv.Type().Method(i)
		fn := rv.Method(i)
		ft := fn.Type()
		if ft.NumIn() == 0 || ft.In(0) != ctxType || contains(skip, m.Name) {
			continue
		}
		args := make([]reflect.Value, ft.NumIn())
		args[0] = reflect.Zero(ctxType)
		for j := 1; j < ft.NumIn(); j++ {
			args[j] = reflect.Zero(ft.In(j)) // a variadic parameter gets a nil slice
		}
		if err := call(fn, args, ft.IsVariadic()); err != nil {
			t.Errorf("%T.%s(nil ctx, ...) panicked: %v", v, m.Name, err)
		}
		called = append(called, m.Name)
	}
	return called
}

func call(fn reflect.Value, args []reflect.Value, variadic bool) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	if variadic {
		fn.CallSlice(args)
	} else {
		fn.Call(args)
	}
	return nil
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
