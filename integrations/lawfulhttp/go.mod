module github.com/lawfulgo/lawful/integrations/lawfulhttp

go 1.26.0

replace github.com/lawfulgo/lawful => ../..

require (
	github.com/lawfulgo/lawful v0.0.0
	github.com/stretchr/testify v1.12.1
)

require (
	github.com/google/uuid v1.6.0 // indirect
	go.yaml.in/yaml/v3 v3.0.5 // indirect
	golang.org/x/crypto v0.58.0 // indirect
	golang.org/x/sys v0.49.0 // indirect
)
