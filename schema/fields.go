package schema

import (
	"github.com/lawfulgo/lawful/purpose"
)

// The rules of each Go type's fields. Policy fails when a type gains a
// field these do not cover, or loses one they name.

var policyFields = map[string]field{
	"Name":       {key: "name", schema: ref("text")},
	"Controller": {key: "controller", schema: ref("controller")},
	"Officer":    {key: "officer", schema: ref("officer")},
	"Individuals": {key: "individuals", schema: func() (node, error) {
		return node{"type": "integer", "minimum": 0, "maximum": int64(purpose.MaxIndividuals),
			"description": "About how many natural persons' personal information the processor handles (PIPL art. 52); omit when not stated."}, nil
	}},
	"ChildrensRules": {key: "childrens_rules", schema: str("Where the dedicated rules for the personal information of children under 14 are published (PIPL art. 31 para 2).")},
	"Version":        {key: "version", schema: str("The policy's own version, e.g. its effective date: the notice version consent records refer to.")},
	"Regimes": {key: "regimes", required: true, schema: arrayOf(ref("regime"), "The regimes the policy serves; each purpose needs a basis under each.",
		node{"minItems": 1, "uniqueItems": true})},
	"Purposes": {key: "purposes", required: true, schema: arrayOf(ref("purpose"), "The purposes of processing, in the order notices list them.",
		node{"minItems": 1})},
	"Retention": {key: "retention", schema: arrayOf(ref("retention"), "The retention statements purposes reference (NDSMR art. 21(3)).", nil)},
}

func contactFields(name, contact string) map[string]field {
	return map[string]field{
		"Name":    {key: "name", schema: func() (node, error) { return node{"$ref": "#/$defs/text", "description": name}, nil }},
		"Contact": {key: "contact", schema: str(contact)},
	}
}

var retentionFields = map[string]field{
	"ID": {key: "id", required: true, schema: func() (node, error) {
		return node{"type": "string", "minLength": 1, "description": "The ID purposes reference."}, nil
	}},
	"Summary": {key: "summary", required: true, schema: func() (node, error) {
		return node{"$ref": "#/$defs/nonEmptyText", "description": "The period people are told (NDSMR art. 21(3))."}, nil
	}},
	"Rule": {key: "rule", schema: ref("rule")},
}

// ruleFields are retention.Rule's: ID and Purposes come from the
// retention entry and the purposes referencing it, not the file.
var ruleFields = map[string]field{
	"ID":           {in: "-"},
	"Purposes":     {in: "-"},
	"Categories":   {key: "categories", schema: arrayOf(str("Category keys (leaves or groups), or several separated by commas."), "The categories the rule covers; default: every category of its purposes.", nil)},
	"Keep":         {key: "keep", schema: ref("period")},
	"From":         {key: "from", schema: ref("trigger")},
	"EndsOn":       {key: "ends_on", schema: arrayOf(ref("endingTrigger"), "The triggers that end the period early; omit for every deletion trigger of PIPL art. 47.", node{"minItems": 1})},
	"Grace":        {key: "grace", schema: ref("period")},
	"Minimum":      {key: "minimum", schema: ref("period")},
	"MinimumCites": {key: "minimum_cites", schema: str("The law setting the minimum, e.g. \"Cybersecurity Law art. 21(3)\".")},
	"Maximum":      {key: "maximum", schema: ref("period")},
	"Action": {key: "action", schema: func() (node, error) {
		return enumOf("What erasure does (retention.Action).", []string{"delete", "anonymise", "anonymize"}), nil
	}},
	"Cites": {key: "cites", schema: str("The rule's source, shown in proofs.")},
}

var purposeFields = map[string]field{
	"ID": {key: "id", required: true, schema: func() (node, error) {
		return node{"type": "string", "pattern": "^[a-z][a-z0-9_.-]{0,63}$",
			"description": "The purpose's stable ID (purpose.ID): 1 to 64 bytes of a-z, 0-9, '_', '.', '-', starting with a letter, e.g. \"service.voice_clone\"."}, nil
	}},
	"Name":        {key: "name", required: true, schema: ref("nonEmptyText")},
	"Description": {key: "description", schema: ref("text")},
	"Core":        {key: "core", schema: boolean("The basic service cannot run without this purpose (PIPL art. 16).")},
	"Versions": {key: "versions", required: true, schema: arrayOf(ref("version"), "The purpose's versions in strictly increasing order; the last is current.",
		node{"minItems": 1})},
	"Required": {key: "categories", required: true, schema: func() (node, error) {
		list := arrayOf(ref("category"), "", nil)
		req, _ := list()
		opt, _ := list()
		req["description"] = "The categories the purpose needs."
		opt["description"] = "The categories that improve it and may be refused."
		return node{"type": "object", "additionalProperties": false, "description": "The categories the purpose processes (PIPL arts. 6, 17).",
			"properties": node{"required": req, "optional": opt}}, nil
	}},
	"Optional": {in: "categories"},
	"Operations": {key: "operations", required: true, schema: arrayOf(ref("operation"), "The operations the purpose performs; anything else is denied.",
		node{"minItems": 1, "uniqueItems": true})},
	"Recipients": {key: "recipients", schema: arrayOf(ref("recipient"), "Who receives the data through share, entrust, transfer and export.", nil)},
	"Basis":      {key: "basis", schema: ref("legal")},
	"BasisUnder": {key: "bases", schema: func() (node, error) {
		return node{"type": "object", "description": "The basis under one regime, overriding basis, e.g. {\"gdpr\": \"legitimate_interests\"}.",
			"propertyNames": node{"$ref": "#/$defs/regime"}, "additionalProperties": node{"$ref": "#/$defs/legal"}}, nil
	}},
	"Retention": {key: "retention", required: true, schema: func() (node, error) {
		return node{"type": "string", "minLength": 1, "description": "The id of the retention statement for this purpose's data (NDSMR art. 21(3))."}, nil
	}},
	"Traits": {key: "traits", schema: arrayOf(ref("trait"), "Properties other rules look at.", nil)},
}

var versionFields = map[string]field{
	"Number": {key: "number", required: true, schema: func() (node, error) {
		return node{"type": "integer", "minimum": 1, "maximum": purpose.MaxVersion, "description": "The version number."}, nil
	}},
	"Material": {key: "material", schema: boolean("The version changes what people agreed to: earlier consents no longer count (PIPL art. 14 para 2).")},
	"Changes":  {key: "changes", schema: arrayOf(ref("change"), "What the version changed; informative.", nil)},
	"Note":     {key: "note", schema: ref("text")},
}

var recipientFields = map[string]field{
	"Name": {key: "name", required: true, schema: func() (node, error) {
		return node{"type": "string", "minLength": 1, "description": "The recipient's name; requests name it (PIPL art. 23)."}, nil
	}},
	"Role": {key: "role", required: true, schema: ref("role")},
	"Country": {key: "country", schema: func() (node, error) {
		return node{"type": "string", "pattern": "^([A-Z]{2})?$", "description": "The ISO 3166-1 alpha-2 code of an overseas recipient; omit for a domestic one."}, nil
	}},
	"Mechanism": {key: "mechanism", schema: ref("mechanism")},
	"Contact":   {key: "contact", schema: str("How people reach the recipient (PIPL art. 23).")},
	"Via":       {key: "via", schema: str("The entrusted recipient of the same purpose that passes the data on: this one is a sub-processor (PIPL art. 21 para 2).")},
	"Approved":  {key: "approved", schema: boolean("The controller consented to the sub-entrustment.")},
}

var legalFields = map[string]field{
	"Basis":   {key: "name", required: true, schema: ref("basisName")},
	"Cites":   {key: "cites", schema: str("The law the basis rests on, as lawyers cite it, e.g. \"Cybersecurity Law art. 21(3)\"; several separated by \";\".")},
	"Special": {key: "special", schema: ref("special")},
}
