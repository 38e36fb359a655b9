// Package analytics is the engagement-survey computation engine behind the
// Open API's statistics, metrics, Key Drivers, heatmap and facets endpoints.
// It is pure: no database, no HTTP. The storage layer fills a Dataset with a
// Builder from one query, and the HTTP layer turns the flat rows it returns
// into JSON or CSV.
//
// # Data model
//
// A Dataset keeps one []int8 column per question (Missing marks an
// unanswered cell) and, per attribute, one segment index per respondent. A
// breakdown is then one sequential pass per question, which is why a heatmap
// of 10,000 respondents × 60 questions × 12 segments takes milliseconds.
// Every respondent sits in exactly one segment of each attribute, its
// snapshot at response time or the attribute's "Not specified" segment.
//
// # Definitions
//
//   - Answer bands: on 0–10 favourable ≥ 7, neutral 5–6, unfavourable ≤ 4; on
//     1–5 favourable 4–5, neutral 3, unfavourable 1–2; a question may set its
//     own.
//   - Question statistics, over the respondents who answered: response count,
//     mean on the native scale, average_score_100 = (mean − min)/(max − min)
//     × 100, a count per value, and the favourable/neutral/unfavourable %.
//   - eNPS: 100 × (promoters 9–10 − detractors 0–6) / respondents, with the
//     promoter, passive (7–8) and detractor %.
//   - Engagement Index, person first: each respondent's mean of the EI items
//     they answered, rescaled to 0–100, counted only when they answered at
//     least two thirds of the items (rounded up); the index is the mean of
//     the person values, its favourable % the share of persons at or above
//     the favourable band, its response count the persons counted.
//   - Custom metrics: the same over a tenant's set of question keys.
//   - average_score: the same over every scale question, one answer enough.
//   - Key Drivers: see KeyDrivers and DriverRow.
//
// # Confidentiality
//
// Suppression happens here, so no caller can forget it. A cell with fewer
// respondents than the threshold has every value and count nil (JSON null,
// never 0), Suppressed true and SuppressionReason "below_threshold". Within
// one breakdown (every segment of an attribute including "Not specified", or
// every date bucket) complementary suppression hides the next-smallest
// visible cell while the hidden cells together hold 1..threshold−1
// respondents ("complementary"). A filtered cell must have at least the
// threshold and leave either nobody or at least the threshold outside the
// filter in the same unfiltered cell ("remainder_below_threshold"), since
// "unfiltered minus filtered" would describe that remainder.
//
// # The guard
//
// A caller is not limited to one request, so the guard (privacy.go) reasons
// about the set of respondents a request selects and every set the caller
// can obtain by dropping or widening one filter. Date windows apply in whole
// UTC days (Selection.Window): from goes back to midnight, to on to the next
// midnight, so a window slides a day at a time at the finest. A filtered
// group is then compared, respondents first and then cell by cell, with
// the whole survey ("remainder_below_threshold"), the selection without each
// of its segment filters ("segment_remainder_below_threshold"), the segments
// without the window ("window_remainder_below_threshold"), and the window
// moved back or on to the previous or next day on which anyone in the
// segments responded ("adjacent_day_below_threshold"; empty days change
// nothing, so they are skipped). Each difference must be 0 or at least the
// threshold. Statistics, distributions, metrics (custom ones included), Key
// Drivers and their CSV all pass through it; the heatmap and facets take no
// filter, and their breakdowns carry complementary suppression.
//
// Neighbouring days are found from respondents, not per cell: when everyone
// who responded on the next day skipped a question, a window moved two days
// changes that question's cell by fewer than the threshold, but those
// answers belong to a group that moved together with at least the
// threshold of people, so they point at nobody.
package analytics
