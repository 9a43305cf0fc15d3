module github.com/lawfulgo/lawful/integrations/lawfulhttp/example

go 1.26.0

replace (
	github.com/lawfulgo/lawful => ../../..
	github.com/lawfulgo/lawful/integrations/lawfulhttp => ..
)

require (
	github.com/go-chi/chi/v5 v5.5.0
	github.com/lawfulgo/lawful v0.0.0
	github.com/lawfulgo/lawful/integrations/lawfulhttp v0.0.0
)

require (
	github.com/google/uuid v1.6.0 // indirect
	golang.org/x/crypto v0.58.0 // indirect
	golang.org/x/sys v0.49.0 // indirect
)
