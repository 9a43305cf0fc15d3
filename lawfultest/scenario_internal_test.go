package lawfultest

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A step naming two actions used to run only the first, so its check
// silently asserted nothing; now it is an error.
func TestStepActionsAreCounted(t *testing.T) {
	for _, tc := range []struct {
		step string
		want int
	}{
		{`{"advance": "1h"}`, 1},
		{`{"grant": {"subject": "a", "purposes": ["p"]}, "check": {"subject": "a"}, "want": "allow"}`, 2},
		{`{"sweep": {"erased": []}, "close": "a", "release": "h"}`, 3},
		{`{}`, 0},
	} {
		var st Step
		require.NoError(t, json.Unmarshal([]byte(tc.step), &st))
		assert.Equal(t, tc.want, st.actions(), tc.step)
	}
}

func TestScenarioJurisdictions(t *testing.T) {
	f := ScenarioFile{Regime: &RegimeOverrides{Jurisdictions: map[string]string{"DE": "gdpr", "CN": "PIPL"}}}
	o, err := f.options()
	require.NoError(t, err)
	assert.Equal(t, "GDPR", o.Jurisdictions["DE"].Name)
	assert.Equal(t, "PIPL", o.Jurisdictions["CN"].Name)
	f.Regime.Jurisdictions["FR"] = "ccpa"
	_, err = f.options()
	assert.ErrorContains(t, err, `regime.jurisdictions["FR"] "ccpa": want pipl or gdpr`)
}
