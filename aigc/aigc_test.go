package aigc_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/lawfulgo/lawful/aigc"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDuties(t *testing.T) {
	for _, tc := range []struct {
		name       string
		role       aigc.Role
		medium     aigc.Medium
		unlabelled bool
		has        aigc.Duty
		hasNot     aigc.Duty
	}{
		{"provider_labels_output_explicitly_Labelling_Measures_art_4", aigc.Provider, aigc.Audio, false, aigc.ExplicitLabel, 0},
		{"exported_files_keep_the_explicit_label_Labelling_Measures_art_4_para_2", aigc.Provider, aigc.Video, false, aigc.ExplicitInExports, 0},
		{"provider_writes_the_implicit_label_Labelling_Measures_art_5", aigc.Provider, aigc.Image, false, aigc.ImplicitLabel, 0},
		{"user_agreement_states_the_labelling_rules_Labelling_Measures_art_8", aigc.Provider, aigc.Text, false, aigc.UserAgreement, 0},
		{"unlabelled_on_request_logs_recipients_Labelling_Measures_art_9", aigc.Provider, aigc.Audio, true, aigc.LogRecipients | aigc.UserLabellingDuty, 0},
		{"no_recipient_log_when_always_labelled_Labelling_Measures_art_9", aigc.Provider, aigc.Audio, false, 0, aigc.LogRecipients},
		{"platform_checks_metadata_and_prompts_Labelling_Measures_art_6", aigc.Platform, aigc.Video, false,
			aigc.VerifyMetadata | aigc.PromptDeclared | aigc.PromptSuspected | aigc.AddPropagation | aigc.OfferDeclaration, aigc.ExplicitLabel},
		{"app_store_checks_apps_Labelling_Measures_art_7", aigc.AppStore, 0, false, aigc.VerifyApps, aigc.ImplicitLabel},
		{"nobody_removes_labels_Labelling_Measures_art_10", aigc.Platform, aigc.Image, false, aigc.KeepLabels, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := aigc.Duties(tc.role, tc.medium, tc.unlabelled)
			assert.True(t, d.Has(tc.has), "%v lacks %v", d, tc.has)
			if tc.hasNot != 0 {
				assert.False(t, d.Has(tc.hasNot), "%v has %v", d, tc.hasNot)
			}
		})
	}
	assert.Zero(t, aigc.Duties(aigc.Provider, 0, false), "an unknown medium has no duties")
	assert.Zero(t, aigc.Duties(0, aigc.Audio, false))
	assert.Equal(t, "explicit_label,keep_labels", (aigc.ExplicitLabel | aigc.KeepLabels).String())
}

func TestPlacement(t *testing.T) {
	assert.Contains(t, aigc.Audio.Placement().ZH, "语音提示", "audio_spoken_prompt_Labelling_Measures_art_4_2")
	assert.Contains(t, aigc.Video.Placement().EN, "opening frame", "video_opening_frame_Labelling_Measures_art_4_4")
	assert.Zero(t, aigc.Medium(99).Placement())
	var m aigc.Medium
	require.NoError(t, m.UnmarshalText([]byte("virtual_scene")))
	assert.Equal(t, aigc.VirtualScene, m)
	assert.ErrorIs(t, m.UnmarshalText([]byte("hologram")), aigc.ErrInvalid)
}

func TestKeepLogUntil(t *testing.T) {
	cst := time.FixedZone("CST", 8*3600)
	for at, want := range map[time.Time]string{
		time.Date(2026, 3, 1, 10, 0, 0, 0, cst):  "2026-09-02",
		time.Date(2026, 8, 31, 10, 0, 0, 0, cst): "2027-03-01", // 28 February is the last day
	} {
		assert.Equal(t, want, aigc.KeepLogUntil(at, cst).Format("2006-01-02"), "six_months_Labelling_Measures_art_9_Civil_Code_art_202")
	}
}

// TestMetadata: the implicit label's fields (GB 45438-2025).
func TestMetadata(t *testing.T) {
	m := aigc.Metadata{Label: aigc.Generated, ContentProducer: "趣丸千音 110000000000000", ProduceID: "av-2026-0001"}
	require.NoError(t, m.Validate(aigc.Provider), "provider_fills_attribute_name_and_number_Labelling_Measures_art_5")
	b, err := m.MarshalJSON()
	require.NoError(t, err)
	assert.Equal(t, `{"AIGC":{"Label":"1","ContentProducer":"趣丸千音 110000000000000","ProduceID":"av-2026-0001","ReservedCode1":"","ContentPropagator":"","PropagateID":"","ReservedCode2":""}}`, string(b))
	got, err := aigc.ParseMetadata(b)
	require.NoError(t, err)
	assert.Equal(t, m, got)
	assert.ErrorIs(t, m.Validate(aigc.Platform), aigc.ErrInvalid, "platform_adds_propagation_elements_Labelling_Measures_art_6")
	assert.ErrorContains(t, aigc.Metadata{}.Validate(aigc.Provider), "Label", "the attribute is required")
	assert.ErrorIs(t, m.Validate(aigc.AppStore), aigc.ErrInvalid)
	for name, bad := range map[string]string{
		"not_json":      `AIGC`,
		"no_envelope":   `{"Label":"1"}`,
		"unknown_field": `{"AIGC":{"Label":"1","Extra":"x"}}`,
		"wrong_case":    `{"AIGC":{"label":"1"}}`,
		"duplicate":     `{"AIGC":{"Label":"1","Label":"2"}}`,
		"number":        `{"AIGC":{"Label":1}}`,
		"trailing":      `{"AIGC":{}} {}`,
		"too_large":     `{"AIGC":{"ReservedCode1":"` + strings.Repeat("x", aigc.MaxMetadata) + `"}}`,
		"long_field":    `{"AIGC":{"ReservedCode1":"` + strings.Repeat("x", aigc.MaxField+1) + `"}}`,
	} {
		_, err := aigc.ParseMetadata([]byte(bad))
		assert.ErrorIs(t, err, aigc.ErrInvalid, name)
	}
}

func FuzzParseMetadata(f *testing.F) {
	f.Add([]byte(`{"AIGC":{"Label":"1","ContentProducer":"p","ProduceID":"1"}}`))
	f.Add([]byte(`{"AIGC":{}}`))
	f.Add([]byte(`{"AIGC":{"Label":"3","ContentPropagator":"平台","PropagateID":"x\u0000"}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := aigc.ParseMetadata(data)
		if err != nil {
			if !errors.Is(err, aigc.ErrInvalid) {
				t.Fatalf("error %v does not match ErrInvalid", err)
			}
			return
		}
		b, err := m.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		again, err := aigc.ParseMetadata(b)
		if err != nil || again != m {
			t.Fatalf("round trip: %+v, %v; want %+v", again, err, m)
		}
	})
}
