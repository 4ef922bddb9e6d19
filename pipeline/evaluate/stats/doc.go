// Package stats is the statistics of wfheval's evaluation, in pure Go so it
// tests without DuckDB: a stratified block bootstrap with studentized (t)
// intervals, Benjamini–Hochberg q-values and the minimum detectable effect.
//
// The bootstrap's unit is a block of days (a calendar week), never a ticket
// or an employee: days of one week share shocks (a flood, a system outage, a
// week of leave), and resampling the tickets inside them would give intervals
// that are falsely narrow. Blocks belong to strata (the periods: baseline,
// phase, reference months), and each stratum is resampled on its own, so a
// comparison of four phase weeks with nine baseline weeks keeps four and nine.
//
// With four Thursdays in a phase a percentile interval under-covers: the
// bootstrap distribution of a mean of four blocks is too narrow by √(3/4)
// and too short-tailed. Bootstrap therefore uses the rescaling bootstrap of
// Rao and Wu (1988), which draws n−1 of n blocks and scales them by n/(n−1)
// so that the bootstrap variance of a mean is exactly the unbiased s²/n, and
// turns the standard error into a t interval whose degrees of freedom come
// from the blocks of each stratum (Welch–Satterthwaite). The coverage study
// in package evaluate checks that this reaches 95%.
package stats
