// Package synth generates a realistic organisation and its people data: the
// employees of the people upload, an engagement survey and a later pulse
// survey with their responses, Open Door submissions and Hive Fives. `hive
// demo` seeds a tenant from it, and tests and benchmarks use it as a large
// dataset whose answers are known.
//
// Generation is pure and deterministic: Generate reads no clock, never
// ranges over a map, and draws from PCG streams seeded by Options.Seed, one
// stream per part, so the same Options give byte-identical output.
//
// # Organisation
//
// 8–15 departments share the head count along a long tail (roughly in
// proportion to 1/rank), and the last two or three have only 2–6 people, on
// purpose: analytics must suppress them, and the privacy attack suite
// (internal/people/attack_test.go) has small groups to try to isolate.
// Each department has a head without a manager; larger departments are
// split into teams of 6–12 led by a team lead who reports to the head. There are 3–6 locations, a head office
// first; teams sit mostly in one place. Ages run from 18 to 67 around 39;
// tenure is exponential with a mean near four years, capped at 25 and at the
// age of eighteen, so recent hires dominate; heads and leads are older and
// have been there longer. Employee ids (E00001, ...) follow hire date, so
// the people employed at any date are a prefix of Org.Employees.
//
// # Survey model
//
// Answers come from a latent model, so that driver categories genuinely
// differ in how much they move engagement. For person i and driver category
// k (twelve of them: Growth, Manager, Recognition, ...):
//
//	driver[i,k]  = δ[dept,k] + ρ·g[i] + √(1−ρ²)·u[i,k]
//	engage[i]    = standardize(Σ_k β_k·driver[i,k] + γ[dept] + σ·ε[i])
//	answer[i,q]  = clamp(round(μ_q + λ·latent[i,q] + ν·η[i,q]), 0, 10)
//
// g, u, ε and η are independent standard normals. The common factor g
// (ρ = 0.35) makes the drivers correlate, as real categories do; δ and γ are
// small department effects on the drivers and on engagement; σ is the part
// of engagement no driver explains. latent[i,q] is driver[i,k] for an item of
// category k and engage[i] for the three Engagement Index items (pride,
// advocacy, loyalty) and the eNPS item. Item means μ differ by category, so
// that an influential driver can score low (a "focus" area) or high.
//
// The β_k (PlantedDrivers) fall steeply at the top and evenly below, so that
// an analysis correlating each person's category mean with their Engagement
// Index value ranks the categories in the planted order (PlantedDriverOrder):
// on 2,000 employees the top three come back exactly and the whole ranking
// with a Spearman correlation of at least 0.8 for all but a few seeds in a
// hundred.
//
// Everyone employed when a survey opens is invited; 74–86 % of each
// department responds, mostly early in the window. About 2.5 % of answers
// are skipped at random, and 4 % of people are skimmers who skip over half,
// so some respondents answer fewer than two thirds of the Engagement Index
// items. The pulse survey, a few months later, repeats the Engagement Index,
// eNPS and five driver items by question_key, with latent values that have
// drifted a little and item means that have moved.
//
// # Feedback
//
// Over the last year, about 75 Open Door submissions and 400 Hive Fives per
// 1,000 employees, from templates. Hive Fives go mostly to teammates, carry a
// value tag, and a fifth are private. An Open Door submission names its
// author only so that an importer can snapshot their segments.
package synth
