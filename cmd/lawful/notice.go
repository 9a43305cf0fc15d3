package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/lawfulgo/lawful/purpose"
	"github.com/lawfulgo/lawful/schema"
)

func runNotice(c *cli, args []string) int {
	fs := c.flags("notice")
	lang := fs.String("lang", "en", "the `language` of the lists: en or zh")
	list := fs.String("list", "all", "`which` lists: all, collection (the PI collection list) or sharing (the third-party sharing list)")
	pos, status, ok := c.parse(fs, "notice", args)
	if !ok {
		return status
	}
	var l purpose.Lang
	switch *lang {
	case "en":
		l = purpose.EN
	case "zh":
		l = purpose.ZH
	default:
		fmt.Fprintf(c.stderr, "lawful notice: -lang %q: want en or zh\n", clip(*lang))
		return exitUsage
	}
	if *list != "all" && *list != "collection" && *list != "sharing" {
		fmt.Fprintf(c.stderr, "lawful notice: -list %q: want all, collection or sharing\n", clip(*list))
		return exitUsage
	}
	if !c.wantArgs("notice", pos, 1, "the policy file") {
		return exitUsage
	}
	reg, ok := c.loadPolicy("notice", pos[0])
	if !ok {
		return exitUsage
	}
	var out bytes.Buffer
	if *list != "sharing" {
		out.WriteString(reg.CollectionList(l))
	}
	if *list == "all" {
		out.WriteString("\n")
	}
	if *list != "collection" {
		out.WriteString(reg.SharingList(l))
	}
	if _, err := c.stdout.Write(out.Bytes()); err != nil {
		fmt.Fprintf(c.stderr, "lawful notice: %v\n", err)
		return exitUsage
	}
	return exitOK
}

// loadPolicy reads and loads a policy file, reporting why it cannot to
// stderr (every problem, as lint would list them).
func (c *cli) loadPolicy(cmd, path string) (*purpose.Registry, bool) {
	data, err := c.readCapped(path, purpose.MaxPolicySize)
	if err != nil {
		fmt.Fprintf(c.stderr, "lawful %s: %v\n", cmd, err)
		return nil, false
	}
	reg, err := purpose.LoadPolicy(bytes.NewReader(data))
	if err != nil {
		fmt.Fprintf(c.stderr, "lawful %s: %s does not load; fix it first ('lawful lint %s' lists every problem):\n", cmd, path, path)
		var ve *purpose.ValidationError
		if errors.As(err, &ve) {
			for _, p := range ve.Problems {
				fmt.Fprintf(c.stderr, "\t%s\n", trimPkg(p.String()))
			}
			if ve.Truncated {
				fmt.Fprintf(c.stderr, "\t... and more\n")
			}
		} else {
			fmt.Fprintf(c.stderr, "\t%v\n", err)
		}
		return nil, false
	}
	return reg, true
}

func runSchema(c *cli, args []string) int {
	fs := c.flags("schema")
	pos, status, ok := c.parse(fs, "schema", args)
	if !ok {
		return status
	}
	if !c.wantArgs("schema", pos, 0, "nothing") {
		return exitUsage
	}
	b, err := schema.Policy()
	if err != nil {
		fmt.Fprintf(c.stderr, "lawful schema: %v\n", err)
		return exitUsage
	}
	if _, err := io.Copy(c.stdout, bytes.NewReader(b)); err != nil {
		fmt.Fprintf(c.stderr, "lawful schema: %v\n", err)
		return exitUsage
	}
	return exitOK
}
