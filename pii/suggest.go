package pii

import (
	"slices"
	"strings"
)

// unknown builds the error for a key that names nothing, with up to three
// nearest keys (leaves or groups) by edit distance, or failing those the
// keys whose last segment equals the given key's last segment ("phone" ->
// contact.phone).
func (t *table) unknown(key string) error {
	type cand struct {
		key  string
		dist int
	}
	const maxSuggestions = 3
	limit := max(2, len(key)/4)
	last := key[strings.LastIndexByte(key, '.')+1:]
	var cands []cand
	consider := func(k string) {
		d := editDistance(key, k, limit)
		if d <= limit {
			cands = append(cands, cand{k, d})
			return
		}
		if last != "" && k[strings.LastIndexByte(k, '.')+1:] == last {
			cands = append(cands, cand{k, limit + 1})
		}
	}
	for k := range t.byKey {
		consider(k)
	}
	for k := range t.groups {
		consider(k)
	}
	slices.SortFunc(cands, func(a, b cand) int {
		if a.dist != b.dist {
			return a.dist - b.dist
		}
		return strings.Compare(a.key, b.key)
	})
	// Offer the closest keys only: ties at the best distance, so that one
	// near-miss is not drowned by keys two edits further away.
	e := &UnknownKeyError{Key: key}
	for i := 0; i < len(cands) && i < maxSuggestions && cands[i].dist == cands[0].dist; i++ {
		e.Suggestions = append(e.Suggestions, cands[i].key)
	}
	return e
}

// editDistance returns the Levenshtein distance between a and b (bytes,
// adjacent transpositions counting one), or limit+1 as soon as it is known
// to exceed limit. Inputs longer than 128 bytes are compared only by length
// so that hostile input costs bounded time.
func editDistance(a, b string, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	if len(a) > 128 || len(b) > 128 {
		return limit + 1
	}
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
