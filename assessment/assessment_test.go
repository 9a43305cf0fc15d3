package assessment_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/lawfulgo/lawful/assessment"
	"github.com/lawfulgo/lawful/purpose"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) Set(t time.Time) { c.mu.Lock(); defer c.mu.Unlock(); c.t = t }

var (
	cst = time.FixedZone("CST", 8*3600)
	t0  = time.Date(2026, 3, 1, 10, 0, 0, 0, cst)
)

const clone purpose.ID = "service.voice_clone"

func pia(kinds assessment.Kind, at time.Time) assessment.Assessment {
	return assessment.Assessment{Processing: "Voice cloning from uploaded samples", Purposes: []purpose.ID{clone}, Kinds: kinds,
		Necessity: "The voice model needs the samples.", Risks: "Impersonation; leaks of biometric data.",
		Measures: "Encryption; watermarking; deletion after training.", Conclusion: assessment.Proceed, Assessed: at, Assessor: "PIPO"}
}

func newBook(t *testing.T) (*assessment.Book, *fakeClock, *assessment.MemStore) {
	t.Helper()
	c := &fakeClock{t: t0}
	s := assessment.NewMemStore()
	b, err := assessment.New(assessment.Config{Store: s, Clock: c})
	require.NoError(t, err)
	return b, c, s
}

func TestRequired(t *testing.T) {
	for _, tc := range []struct {
		name      string
		op        purpose.Operation
		traits    purpose.Trait
		sensitive bool
		child     bool
		want      assessment.Kind
	}{
		{"sensitive_pi_PIPL_art_55_1", purpose.Use, 0, true, false, assessment.Sensitive},
		{"automated_decision_PIPL_art_55_2", purpose.Use, purpose.AutomatedDecision, false, false, assessment.AutomatedDecision},
		{"personalised_push_is_an_automated_decision_PIPL_arts_55_2_73_2", purpose.Use, purpose.Personalised, false, false, assessment.AutomatedDecision},
		{"entrust_PIPL_art_55_3", purpose.Entrust, 0, false, false, assessment.Entrust},
		{"share_provides_PIPL_art_55_3", purpose.Share, 0, false, false, assessment.Provide},
		{"transfer_provides_PIPL_art_55_3", purpose.Transfer, 0, false, false, assessment.Provide},
		{"disclose_PIPL_art_55_3", purpose.Disclose, 0, false, false, assessment.Disclose},
		{"export_PIPL_art_55_4", purpose.Export, 0, true, false, assessment.Export | assessment.Sensitive},
		{"children_PIPL_art_28", purpose.Collect, 0, true, true, assessment.Sensitive | assessment.Children},
		{"ordinary_use_needs_nothing_PIPL_art_55", purpose.Use, purpose.Marketing, false, false, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, assessment.Required(tc.op, tc.traits, tc.sensitive, tc.child))
		})
	}
}

// TestCovers checks when assessments cover a request, each case naming
// its rule.
func TestCovers(t *testing.T) {
	ctx := t.Context()
	b, c, _ := newBook(t)
	c.Set(t0.Add(time.Hour))
	first, err := b.Add(ctx, pia(assessment.Sensitive, t0))
	require.NoError(t, err)
	review := pia(assessment.Export, t0)
	review.ReviewBy = t0.AddDate(1, 0, 0)
	_, err = b.Add(ctx, review)
	require.NoError(t, err)
	c.Set(t0.AddDate(0, 6, 0))
	rejected := pia(assessment.Sensitive, t0.AddDate(0, 6, 0))
	rejected.Conclusion, rejected.Supersedes = assessment.DoNotProceed, first.ID
	_, err = b.Add(ctx, rejected)
	require.NoError(t, err)
	for _, tc := range []struct {
		name string
		p    purpose.ID
		k    assessment.Kind
		at   time.Time
		want bool
	}{
		{"assessment_precedes_processing_PIPL_art_55", clone, assessment.Sensitive, t0.Add(-time.Second), false},
		{"covered_from_the_assessment_PIPL_art_55", clone, assessment.Sensitive, t0, true},
		{"two_assessments_cover_a_request_together_PIPL_art_55", clone, assessment.Sensitive | assessment.Export, t0.Add(time.Hour), true},
		{"kind_not_assessed_is_not_covered_PIPL_art_55_2", clone, assessment.AutomatedDecision, t0.Add(time.Hour), false},
		{"other_purpose_is_not_covered_PIPL_art_55", "service.tts", assessment.Sensitive, t0.Add(time.Hour), false},
		{"superseded_by_a_rejection_no_longer_covers_GDPR_art_35", clone, assessment.Sensitive, t0.AddDate(0, 6, 0), false},
		{"covered_until_superseded_PIPL_art_55", clone, assessment.Sensitive, t0.AddDate(0, 6, 0).Add(-time.Nanosecond), true},
		{"lapsed_at_review_date_GDPR_art_35_11", clone, assessment.Export, t0.AddDate(1, 0, 0), false},
		{"empty_kinds_need_nothing", "any.purpose", 0, t0, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := b.Covers(ctx, tc.p, tc.k, tc.at)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestAddRefuses(t *testing.T) {
	ctx := t.Context()
	b, _, s := newBook(t)
	ok, err := b.Add(ctx, pia(assessment.Sensitive, t0))
	require.NoError(t, err)
	superseding := pia(assessment.Sensitive, t0)
	superseding.Supersedes = ok.ID
	for _, tc := range []struct {
		name string
		a    func() assessment.Assessment
		text string
	}{
		{"necessity_stated_PIPL_art_56_1", func() assessment.Assessment { a := pia(assessment.Sensitive, t0); a.Necessity = ""; return a }, "Necessity is empty"},
		{"risks_stated_PIPL_art_56_2", func() assessment.Assessment { a := pia(assessment.Sensitive, t0); a.Risks = ""; return a }, "Risks is empty"},
		{"measures_stated_PIPL_art_56_3", func() assessment.Assessment { a := pia(assessment.Sensitive, t0); a.Measures = ""; return a }, "Measures is empty"},
		{"kinds_named_PIPL_art_55", func() assessment.Assessment { return pia(0, t0) }, "Kinds"},
		{"purposes_named", func() assessment.Assessment { a := pia(assessment.Sensitive, t0); a.Purposes = nil; return a }, "Purposes is empty"},
		{"purpose_ids_valid", func() assessment.Assessment {
			a := pia(assessment.Sensitive, t0)
			a.Purposes = []purpose.ID{"Bad ID"}
			return a
		}, "purpose ID"},
		{"conclusion_given", func() assessment.Assessment { a := pia(assessment.Sensitive, t0); a.Conclusion = 0; return a }, "Conclusion"},
		{"no_future_assessment", func() assessment.Assessment { return pia(assessment.Sensitive, t0.Add(time.Hour)) }, "after now"},
		{"review_after_assessment", func() assessment.Assessment { a := pia(assessment.Sensitive, t0); a.ReviewBy = t0; return a }, "ReviewBy"},
		{"bounded_text", func() assessment.Assessment {
			a := pia(assessment.Sensitive, t0)
			a.Risks = string(make([]byte, assessment.MaxText+1))
			return a
		}, "MaxText"},
		{"superseded_must_exist", func() assessment.Assessment {
			a := pia(assessment.Sensitive, t0)
			a.Supersedes = uuid.Must(uuid.NewV7())
			return a
		}, "not stored"},
		{"superseding_must_be_later", func() assessment.Assessment { return superseding }, "not after"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := b.Add(ctx, tc.a())
			require.ErrorIs(t, err, assessment.ErrInvalid)
			assert.Contains(t, err.Error(), tc.text)
			all, _ := s.List(ctx, uuid.Nil, 10)
			assert.Len(t, all, 1, "nothing is written")
		})
	}
	dup := pia(assessment.Sensitive, t0)
	dup.ID = ok.ID
	_, err = b.Add(ctx, dup)
	assert.ErrorIs(t, err, assessment.ErrDuplicate, "records are never replaced")
}

// TestRetention: kept at least three years and while current (PIPL art.
// 56 para 2).
func TestRetention(t *testing.T) {
	ctx := t.Context()
	b, c, _ := newBook(t)
	a, err := b.Add(ctx, pia(assessment.Sensitive, t0))
	require.NoError(t, err)
	until := b.RetainUntil(a)
	assert.Equal(t, "2029-03-02T00:00:00+08:00", until.Format(time.RFC3339), "kept_through_the_corresponding_date_three_years_on_PIPL_art_56_Civil_Code_art_202")
	c.Set(t0.AddDate(4, 0, 0))
	err = b.Delete(ctx, a.ID, c.Now())
	assert.ErrorIs(t, err, assessment.ErrRetained, "current_assessment_is_kept_PIPL_art_56")

	c.Set(t0.AddDate(1, 0, 0))
	next := pia(assessment.Sensitive, c.Now())
	next.Supersedes = a.ID
	_, err = b.Add(ctx, next)
	require.NoError(t, err)
	err = b.Delete(ctx, a.ID, c.Now())
	assert.ErrorIs(t, err, assessment.ErrRetained, "superseded_assessment_kept_three_years_PIPL_art_56_para_2")
	c.Set(until.Add(-time.Nanosecond))
	gone, err := b.Purge(ctx, c.Now())
	require.NoError(t, err)
	assert.Empty(t, gone)
	c.Set(until)
	gone, err = b.Purge(ctx, c.Now())
	require.NoError(t, err)
	assert.Equal(t, []uuid.UUID{a.ID}, gone)
	leap := assessment.Assessment{Assessed: time.Date(2028, 2, 29, 12, 0, 0, 0, cst)}
	assert.Equal(t, "2031-03-01T00:00:00+08:00", b.RetainUntil(leap).Format(time.RFC3339), "29_February_ends_on_28_February_Civil_Code_art_202")
}

func TestConfig(t *testing.T) {
	_, err := assessment.New(assessment.Config{})
	assert.ErrorIs(t, err, assessment.ErrNotConfigured)
	_, err = assessment.New(assessment.Config{Store: assessment.NewMemStore(), Keep: 2})
	assert.ErrorIs(t, err, assessment.ErrNotConfigured, "PIPL_art_56_keeps_at_least_three_years")
}

// failing fails every call.
type failing struct{ assessment.MemStore }

func (*failing) List(context.Context, uuid.UUID, int) ([]assessment.Assessment, error) {
	return nil, errors.New("database down")
}

func TestCoversFailsClosed(t *testing.T) {
	b, err := assessment.New(assessment.Config{Store: &failing{}})
	require.NoError(t, err)
	ok, err := b.Covers(t.Context(), clone, assessment.Sensitive, t0)
	assert.False(t, ok)
	assert.ErrorContains(t, err, "database down")
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	ok, err = b.Covers(ctx, clone, assessment.Sensitive, t0)
	assert.False(t, ok)
	assert.ErrorIs(t, err, context.Canceled)
}

// TestSharedStore: a second instance sees the first's assessment after
// MaxAge, or at once after Refresh.
func TestSharedStore(t *testing.T) {
	ctx := t.Context()
	c := &fakeClock{t: t0}
	s := assessment.NewMemStore()
	writer, _ := assessment.New(assessment.Config{Store: s, Clock: c})
	reader, _ := assessment.New(assessment.Config{Store: s, Clock: c, MaxAge: time.Minute})
	ok, err := reader.Covers(ctx, clone, assessment.Sensitive, t0)
	require.NoError(t, err)
	require.False(t, ok)
	_, err = writer.Add(ctx, pia(assessment.Sensitive, t0))
	require.NoError(t, err)
	ok, _ = reader.Covers(ctx, clone, assessment.Sensitive, t0)
	assert.False(t, ok, "the reader's index is fresh for a minute")
	c.Set(t0.Add(time.Minute + time.Second))
	ok, _ = reader.Covers(ctx, clone, assessment.Sensitive, t0)
	assert.True(t, ok, "reloaded after MaxAge")
	other, _ := assessment.New(assessment.Config{Store: s, Clock: c})
	require.NoError(t, other.Refresh(ctx))
	ok, _ = other.Covers(ctx, clone, assessment.Sensitive, t0)
	assert.True(t, ok)
}

func TestConcurrentCovers(t *testing.T) {
	ctx := t.Context()
	b, c, _ := newBook(t)
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			if i == 0 {
				c.Set(t0.Add(time.Hour))
				_, err := b.Add(ctx, pia(assessment.Sensitive, t0))
				assert.NoError(t, err)
				return
			}
			for range 100 {
				_, err := b.Covers(ctx, clone, assessment.Sensitive, t0)
				assert.NoError(t, err)
			}
		})
	}
	wg.Wait()
}

func TestKindText(t *testing.T) {
	k := assessment.Sensitive | assessment.Export
	b, err := k.MarshalText()
	require.NoError(t, err)
	assert.Equal(t, "sensitive,export", string(b))
	var got assessment.Kind
	require.NoError(t, got.UnmarshalText(b))
	assert.Equal(t, k, got)
	for _, bad := range []string{"sensitive,,export", "unknown", "export,export", string(make([]byte, 300))} {
		_, err := assessment.ParseKind(bad)
		assert.ErrorIs(t, err, assessment.ErrInvalid, bad)
	}
	_, err = assessment.Kind(1 << 15).MarshalText()
	assert.ErrorIs(t, err, assessment.ErrInvalid)
}

func FuzzParseKind(f *testing.F) {
	for _, s := range []string{"", "sensitive", "sensitive,export,children", "export,export", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k, err := assessment.ParseKind(s)
		if err != nil {
			if !errors.Is(err, assessment.ErrInvalid) {
				t.Fatalf("error %v does not match ErrInvalid", err)
			}
			return
		}
		if k.String() != s {
			t.Fatalf("ParseKind(%q).String() = %q", s, k.String())
		}
	})
}

func BenchmarkCovers(b *testing.B) {
	ctx := context.Background()
	c := &fakeClock{t: t0.AddDate(1, 0, 0)}
	book, _ := assessment.New(assessment.Config{Store: assessment.NewMemStore(), Clock: c})
	for i := range 20 {
		a := pia(assessment.Sensitive|assessment.Export, t0.Add(time.Duration(i)*time.Hour))
		a.Purposes = []purpose.ID{clone, purpose.ID("p" + string(rune('a'+i)))}
		if _, err := book.Add(ctx, a); err != nil {
			b.Fatal(err)
		}
	}
	at := t0.AddDate(0, 6, 0)
	b.ReportAllocs()
	for b.Loop() {
		if ok, _ := book.Covers(ctx, clone, assessment.Sensitive|assessment.Export, at); !ok {
			b.Fatal("not covered")
		}
	}
}
