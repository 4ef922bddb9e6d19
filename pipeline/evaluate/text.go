package evaluate

import "github.com/bekasi/wfheval/pipeline/summary"

// Evaluate says what it found as codes (summary.Message); package words
// writes them in the summary's language (Effect.Method, Recommendation.Reasons).

// msg returns the message of a code without arguments.
func msg(c summary.Code) summary.Message { return summary.Message{Code: c} }
