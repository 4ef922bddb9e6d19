package config

import "slices"

// Keys returns the top-level keys of a policy config, in the order the
// parser lists them (a copy: changing it changes nothing). wfheval init
// writes every one of them into a new project's policy.yaml, and its test
// checks that against this list.
func Keys() []string { return slices.Clone(topKeys) }
