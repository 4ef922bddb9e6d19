package evaluate

import (
	"slices"

	"github.com/bekasi/wfheval/pipeline/summary"
)

// Suppression of small groups, as statistical offices do it. A department
// or job category with fewer than min_group_size employees is suppressed
// (primary suppression): its levels and effects carry no numbers. That
// alone would not protect it: the city's total of an additive metric
// (tickets, costs) is the sum of the departments', so the one suppressed
// department could be recovered by subtracting the others from it. So when
// exactly one group of a margin (the departments, or the job categories,
// that make up the city) is suppressed, the smallest other group of that
// margin is suppressed too (complementary suppression); then only the sum
// of the two can be derived. With two or more suppressed groups in a
// margin, none can be recovered alone and nothing more is hidden.

// hiddenGroups returns the groups to suppress and why.
func (e *evaluator) hiddenGroups(d *data) map[groupKey]summary.Code {
	hidden := map[groupKey]summary.Code{}
	for _, scope := range []string{summary.ScopeOPD, summary.ScopeJobCategory} {
		var small, rest []groupKey
		for g, n := range d.sizes {
			switch {
			case g.scope != scope:
			case n < e.cfg.MinGroupSize:
				small = append(small, g)
			default:
				rest = append(rest, g)
			}
		}
		for _, g := range small {
			hidden[g] = summary.MethodSuppressed
		}
		if len(small) != 1 || len(rest) == 0 {
			continue
		}
		smallest := slices.MinFunc(rest, func(a, b groupKey) int {
			if d.sizes[a] != d.sizes[b] {
				return d.sizes[a] - d.sizes[b]
			}
			if a.value < b.value {
				return -1
			}
			return 1
		})
		hidden[smallest] = summary.MethodSuppressedComplementary
	}
	return hidden
}
