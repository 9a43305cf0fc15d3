// Command lawful checks, renders and explains lawful policy files, and
// verifies consent records. It uses the standard library and lawful's own
// packages only.
//
// Usage:
//
//	lawful lint [-json] [-fail-on error|warning|info] policy.json
//	lawful notice [-lang en|zh] [-list all|collection|sharing] policy.json
//	lawful explain [-json] policy.json request.json
//	lawful verify [-json] (-pub key | -keys keys.json) [-allow-unanchored] file
//	lawful schema
//
// Flags may come before or after the file names; "-" reads a file from
// standard input.
//
// lint prints every problem purpose.LoadPolicy finds in a policy (rule
// "policy.<problem>"), every retention rule retention.Compile refuses
// (rule "retention.rule"), then purpose.Lint's findings beyond them, each
// with its severity and the articles it rests on. It exits 1 when a
// finding is at least as severe as -fail-on (error by default).
//
// notice renders the PI collection list and the third-party sharing list
// of a policy as Markdown, in English or Chinese.
//
// explain builds an in-memory world from request.json (a subject, its
// guardians and consent history, and one request; see README.md for the
// format), decides the request with the Guard of lawful.New, and prints
// the decision and a trace of each stage the Guard evaluates: request,
// policy, subject, retention, status, regime, basis, limits, exemption,
// consent. The decision is the Guard's; the trace re-asks each stage's
// question through public APIs, and when its own verdict differs from the
// Guard's it says so and is redrawn around the Guard's decision. It exits
// 0 when the request is allowed, 1 when it is denied.
//
// verify checks a signed consent receipt against the signer's Ed25519
// public key (-pub), or an exported consent ledger (the format is in
// README.md) against the sealing keys (-keys): each subject's hash chain,
// every event's seal and the anchored head. It exits 1 when anything does
// not verify.
//
// schema prints the JSON Schema (draft 2020-12) of policy files, which
// package schema generates and commits as schema/policy.schema.json.
//
// Exit status: 0 ok (no finding at the -fail-on level, allowed,
// verified); 1 findings, denied, or not verified; 2 a usage error, or an
// input file that cannot be read or decoded (the message names the file
// and what is wrong). Every input is read up to a bound before it is
// decoded: a policy up to purpose.MaxPolicySize, a request file 1 MiB, a
// ledger export 256 MiB.
package main
