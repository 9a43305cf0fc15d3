package purpose_test

import (
	"testing"

	"github.com/lawfulgo/lawful/purpose"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The new policy fields travel through policy files both ways.
func TestPolicyFileOfficerVolumeAndChildrensRules_PIPL_arts31_52(t *testing.T) {
	p := voicePolicy()
	p.ChildrensRules = "https://voicelab.example/children"
	p.Officer = purpose.Officer{Name: purpose.Text{EN: "Li Lei", ZH: "李雷"}, Contact: "dpo@voicelab.example"}
	p.Individuals = 3_000_000_000
	reg, err := purpose.Compile(p)
	require.NoError(t, err)
	data, err := reg.Policy().MarshalJSON()
	require.NoError(t, err)
	back, err := purpose.DecodePolicy(data)
	require.NoError(t, err)
	assert.Equal(t, p.Officer, back.Officer)
	assert.Equal(t, p.Individuals, back.Individuals)
	assert.Equal(t, p.ChildrensRules, back.ChildrensRules)
	assert.Contains(t, reg.CollectionList(purpose.ZH), "个人信息保护负责人: 李雷 (dpo@voicelab.example)")

	for _, bad := range []string{`-1`, `1e3`, `"many"`, `20000000000`} {
		_, err := purpose.DecodePolicy([]byte(`{"schema":1,"individuals":` + bad + `}`))
		assert.ErrorIs(t, err, purpose.ErrInvalidValue, bad)
		assert.ErrorContains(t, err, "policy: individuals:", bad)
	}
}
