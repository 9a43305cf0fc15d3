package detect

// SetStreamWindow makes FindReader's window n bytes until the returned
// func is called, so that tests cross many cuts with small inputs.
func SetStreamWindow(n int) (restore func()) {
	old := streamWindow
	streamWindow = n
	return func() { streamWindow = old }
}
