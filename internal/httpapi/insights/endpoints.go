package insights

import (
	"net/http"

	"github.com/hive-platform/hive/api"
	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/httpapi/edge"
)

// Endpoints are the Open API of engagement insights: people, surveys
// and responses, analytics and feedback.
func (s *API) Endpoints() []edge.Endpoint {
	return []edge.Endpoint{
		{Route: "POST /v1/people/import", Handler: s.importPeople, Scope: hive.ScopePeopleWrite, Allow: edge.Writers,
			Doc: edge.Doc{ID: "importPeople", Tag: "People", Summary: "Upload people from CSV",
				Description: "Creates and updates people from a CSV file (UTF-8, a BOM is fine, up to 100,000 rows and 64 MiB), matched by employee_id; " +
					"people missing from the file are left as they are. The header must hold employee_id, email, first_name, last_name, start_date and " +
					"date_of_birth; every further column is a demographic attribute such as department or location, with one segment per value. " +
					"employee_id, email, first_name and last_name need a value on every row. Dates are YYYY-MM-DD; an empty date or attribute cell " +
					"puts the person in that attribute's Not specified segment; tenure and age come from the dates. " +
					"The whole file is checked before anything is written: if any cell is wrong nothing is imported, and the 400 lists every problem " +
					"(up to 100) in details.errors as row, column and message. With dry_run=true nothing is written and the counts say what would change.",
				Params:   []edge.Param{{Name: "dry_run", In: "query", Type: "boolean", Description: "Check the file and report what would change, writing nothing."}},
				BodyType: "text/csv", Body: exPeopleCSV,
				Response: peopleImportWire{api.ImportResult{DryRun: true, Created: 1, Updated: 1, AttributesCreated: []string{"location"}, SegmentsCreated: 2}}}},
		{Route: "GET /v1/attributes", Handler: s.listAttributes, Scope: hive.ScopeSurveysRead, Allow: edge.DataReaders | edge.RestrictedKey,
			Doc: edge.Doc{ID: "listAttributes", Tag: "People", Summary: "List attributes and segments",
				Description: "One row per attribute and segment, to label and filter results: the option attributes from the upload's extra columns, " +
					"and the date attributes tenure (in months) and age (in years) with fixed buckets [bucket_min, bucket_max) in bucket_unit, " +
					"bucket_max null for the last; the bucket columns are null for option attributes. Each attribute has a Not specified segment. " +
					"Segment ids never change across uploads, so reports that filter on them keep working. A response counts in the tenure and age " +
					"buckets of its respondent as of its submitted_at." + biListDoc,
				Params: []edge.Param{pBILimit, pCursor, pFormat, pBOM}, Response: biExample[attributeSegmentWire](attributeColumns, "", exAttributes...),
				CSV: csvExample(attributeColumns, exAttributes...)}},

		{Route: "GET /v1/settings/privacy", Handler: s.getPrivacy, Scope: hive.ScopeSurveysRead, Allow: edge.DataReaders | edge.RestrictedKey,
			Doc: edge.Doc{ID: "getPrivacySettings", Tag: "Settings", Summary: "Get privacy thresholds",
				Description: "No group smaller than threshold (default 5) is reported in statistics, heatmaps or drivers, and comments only for groups " +
					"of at least comment_threshold (default 10): results never point at a few people.",
				Response: api.PrivacySettings{Threshold: edge.Ptr(5), CommentThreshold: edge.Ptr(10)}}},
		{Route: "PUT /v1/settings/privacy", Handler: s.updatePrivacy, Scope: hive.ScopeAdminWrite, Allow: edge.Admins,
			Doc: edge.Doc{ID: "updatePrivacySettings", Tag: "Settings", Summary: "Set privacy thresholds",
				Description: "threshold is 3 to 1000; comment_threshold is at least threshold (a comment says more about its author than a score) " +
					"and at most 1000. A field left out keeps its value.",
				Body: api.PrivacySettings{Threshold: edge.Ptr(7), CommentThreshold: edge.Ptr(12)}, Response: api.PrivacySettings{Threshold: edge.Ptr(7), CommentThreshold: edge.Ptr(12)}}},

		{Route: "POST /v1/surveys", Handler: s.createSurvey, Scope: hive.ScopePeopleWrite, Allow: edge.Admins,
			Doc: edge.Doc{ID: "createSurvey", Tag: "Surveys", Summary: "Create a survey",
				Description: "type is engagement, pulse, enps or custom; status is draft (the default), live or closed. Dates are YYYY-MM-DD or " +
					"RFC 3339, end_date not before start_date. A survey created live or closed takes as invited_count the number of people " +
					"in your tenant now. A key restricted to specific surveys cannot create one (403). The response is the survey's row.",
				Body:         surveyRequest{Name: edge.Ptr(exSurvey.Name), Type: edge.Ptr("engagement"), Status: edge.Ptr("live"), StartDate: edge.Ptr("2026-03-02"), EndDate: edge.Ptr("2026-03-16")},
				BodyRequired: []string{"name", "type"}, Status: http.StatusCreated, Response: biRow[surveyWire](surveyColumns, exSurvey)}},
		{Route: "GET /v1/surveys", Handler: s.listSurveys, Scope: hive.ScopeSurveysRead, Allow: edge.DataReaders | edge.RestrictedKey,
			Doc: edge.Doc{ID: "listSurveys", Tag: "Surveys", Summary: "List surveys",
				Description: "The surveys your key may see, in creation order: status, dates, invited_count (null while a draft) and response_count. " +
					"For an incremental refresh pass the last updated_at you saw as updated_since: it is inclusive, and updated_at also moves " +
					"with every batch of responses." + biListDoc,
				Params: []edge.Param{
					{Name: "status", In: "query", Enum: []string{"draft", "live", "closed"}, Description: "Only surveys in this state."},
					{Name: "updated_since", In: "query", Description: "Only surveys updated at or after this date (YYYY-MM-DD) or RFC 3339 time."},
					pBILimit, pCursor, pFormat, pBOM,
				}, Response: biExample[surveyWire](surveyColumns, "", exSurvey), CSV: csvExample(surveyColumns, exSurvey)}},
		{Route: "GET /v1/surveys/{survey_id}", Handler: s.getSurvey, Scope: hive.ScopeSurveysRead, Allow: edge.DataReaders,
			Doc: edge.Doc{ID: "getSurvey", Tag: "Surveys", Summary: "Get a survey",
				Description: "The survey's row. A key restricted to other surveys gets 404, as if it did not exist.",
				Params:      []edge.Param{pSurveyID}, Response: biRow[surveyWire](surveyColumns, exSurvey)}},
		{Route: "PATCH /v1/surveys/{survey_id}", Handler: s.updateSurvey, Scope: hive.ScopePeopleWrite, Allow: edge.Admins,
			Doc: edge.Doc{ID: "updateSurvey", Tag: "Surveys", Summary: "Edit a survey",
				Description: "Changes name, status, start_date or end_date; fields left out are kept, and type never changes. When a draft goes " +
					"live or closed, invited_count is set to the number of people in your tenant at that moment.",
				Params: []edge.Param{pSurveyID}, Body: surveyRequest{Status: edge.Ptr("closed")}, Response: biRow[surveyWire](surveyColumns, exSurvey)}},
		{Route: "POST /v1/surveys/{survey_id}/questions", Handler: s.addQuestion, Scope: hive.ScopePeopleWrite, Allow: edge.Admins,
			Doc: edge.Doc{ID: "addQuestion", Tag: "Surveys", Summary: "Add a question",
				Description: "Appends a question; its position is the next number. type is scale (0–10, the default, or 1–5; favourable_min and " +
					"unfavourable_max default to 7 and 4, or 4 and 2), enps (always 0–10, promoters 9–10, detractors 0–6: leave the scale and bands out), " +
					"option (2 to 50 options, answered by position from 1) or free_text (a comment). question_key names the question across surveys " +
					"(lower-case letters, digits, '_', '.' or '-'), so trends follow it; another question of the survey with the same key is a 409. " +
					"category is the driver it belongs to; only scale questions can be in_engagement_index. The response is the question's row.",
				Params: []edge.Param{pSurveyID},
				Body: api.AddQuestionRequest{QuestionKey: "pride", Text: "I am proud to work for this company", Type: "scale", Category: "Engagement",
					InEngagementIndex: true},
				BodyRequired: []string{"question_key", "text", "type"}, Status: http.StatusCreated,
				Response: biRow[questionWire](questionColumns, exQuestions[0]), Errors: []int{http.StatusConflict}}},
		{Route: "GET /v1/surveys/{survey_id}/questions", Handler: s.listQuestions, Scope: hive.ScopeSurveysRead, Allow: edge.DataReaders,
			Doc: edge.Doc{ID: "listQuestions", Tag: "Surveys", Summary: "List questions",
				Description: "The survey's questions in position order. scale_min, scale_max, favourable_min and unfavourable_max are null for " +
					"option and free_text questions, category when the question has none; option_count is the number of options. " +
					"meta.survey_id repeats the survey." + biListDoc,
				Params:   []edge.Param{pSurveyID, pBILimit, pCursor, pFormat, pBOM},
				Response: biExample[questionWire](questionColumns, exSurveyID, exQuestions...), CSV: csvExample(questionColumns, exQuestions...)}},
		{Route: "GET /v1/surveys/{survey_id}/question-options", Handler: s.listQuestionOptions, Scope: hive.ScopeSurveysRead, Allow: edge.DataReaders,
			Doc: edge.Doc{ID: "listQuestionOptions", Tag: "Surveys", Summary: "List question options",
				Description: "One row per option of the survey's option questions, in question and option order: option_value is the number a " +
					"response sends as the answer, option_label its text." + biListDoc,
				Params:   []edge.Param{pSurveyID, pBILimit, pCursor, pFormat, pBOM},
				Response: biExample[questionOptionWire](questionOptionColumns, exSurveyID, exQuestionOptions...),
				CSV:      csvExample(questionOptionColumns, exQuestionOptions...)}},
		{Route: "POST /v1/surveys/{survey_id}/responses", Handler: s.addResponses, Scope: hive.ScopePeopleWrite, Allow: edge.Admins,
			Doc: edge.Doc{ID: "addResponses", Tag: "Surveys", Summary: "Add responses",
				Description: "Saves a batch of 1 to 1000 responses, all or none: the first bad answer refuses the batch, and the 400 names its field, " +
					"such as responses[3].answers[1].value, with details.index. employee_id is a person uploaded with POST /v1/people/import; a person " +
					"answers a survey once. value is a whole number on the scale for scale and enps questions, the option_value for option questions, " +
					"and a string of up to 5000 characters for free_text. submitted_at (RFC 3339 or YYYY-MM-DD; default now; never in the future) " +
					"fixes the segments, tenure and age the response counts in, so later HR changes never move results. The body may be up to 16 MiB.",
				Params: []edge.Param{pSurveyID}, Body: exResponsesRequest, BodyRequired: []string{"responses"}, Status: http.StatusCreated,
				Response: responsesAcceptedWire{SurveyID: exSurveyID, Accepted: 1}}},

		{Route: "GET /v1/surveys/{survey_id}/statistics", Handler: s.surveyStatistics, Scope: hive.ScopeResponsesRead, Allow: edge.DataReaders,
			Doc: edge.Doc{ID: "surveyStatistics", Tag: "Analytics", Summary: "Question statistics",
				Description: "One row per question of the survey in position order, free-text questions left out. With view=distribution, " +
					"one row per question and value instead: count and pct (of the question's response_count) for every value of the scale " +
					"or every option, answered or not; a suppressed question's distribution rows are suppressed whole. " +
					"meta.survey_id and meta.segment_ids repeat the request. A survey without questions is a 400; a key restricted to other " +
					"surveys gets 404." + bandsDoc + filterDoc + confidentialityDoc + biListDoc,
				Params:   []edge.Param{pSurveyID, pSegmentID, pSubmittedFrom, pSubmittedTo, pView, pBILimit, pCursor, pFormat, pBOM},
				Response: exStatsPage, ResponseOr: exDistributionPage, CSV: csvExample(statisticsColumns, exPrideStats, exOptionStats)}},
		{Route: "GET /v1/surveys/{survey_id}/questions/{question_id}/statistics", Handler: s.questionStatistics, Scope: hive.ScopeResponsesRead, Allow: edge.DataReaders,
			Doc: edge.Doc{ID: "questionStatistics", Tag: "Analytics",
				Summary: "One question's statistics",
				Description: "The statistics table for one question, named by id or question_key: one row, or with view=distribution one row " +
					"per value. A free-text question is a 400; a question not in the survey is a 404." + bandsDoc + filterDoc + confidentialityDoc,
				Params: []edge.Param{pSurveyID, {Name: "question_id", In: "path", Description: "The question's id, or its question_key.", Example: "pride"},
					pSegmentID, pSubmittedFrom, pSubmittedTo, pView, pBILimit, pCursor, pFormat, pBOM},
				Response:   reportExample[api.QuestionStatistics](statisticsColumns, exPrideStats),
				ResponseOr: exDistributionPage, CSV: csvExample(statisticsColumns, exPrideStats)}},
		{Route: "GET /v1/metrics", Handler: s.listMetrics, Scope: hive.ScopeResponsesRead, Allow: edge.DataReaders | edge.RestrictedKey,
			Doc: edge.Doc{ID: "listMetrics", Tag: "Analytics", Summary: "Headline metrics",
				Description: "One row per metric × survey, or × period with interval, × segment with attribute_id. Rows run survey by survey " +
					"in id order, then metric, period and segment. Without survey_id every survey your key may see is included, except surveys " +
					"without questions. A metric a survey cannot have (no eNPS question, no Engagement Index questions, none of a custom " +
					"metric's keys) is one row of nulls, not suppressed. With interval, complementary suppression runs along both the periods " +
					"and the segments. An unknown metric, attribute or segment, or an interval other than month or quarter, is a 400 naming " +
					"the parameter; an unknown survey_id is a 404." + metricsDoc + filterDoc + confidentialityDoc + biListDoc,
				Params: []edge.Param{
					{Name: "metric", In: "query", Type: "array", Example: "engagement_index",
						Description: "engagement_index, enps, average_score or custom:{id}; repeat it for several. Default: the first three."},
					{Name: "survey_id", In: "query", Description: "Only this survey; left out, every survey your key may see."},
					{Name: "attribute_id", In: "query", Description: "One row per segment of this attribute, Not specified included."},
					{Name: "interval", In: "query", Enum: []string{"month", "quarter"},
						Description: "One row per month (period 2026-03) or quarter (2026-Q1) of submission, in UTC; left out, one row per survey."},
					pSegmentID, pSubmittedFrom, pSubmittedTo, pBILimit, pCursor, pFormat, pBOM,
				},
				Response: biExample[api.MetricRow](metricColumns, "", exMetricRows...), CSV: csvExample(metricColumns, exMetricRows...),
				Errors: []int{http.StatusNotFound}}},
		{Route: "GET /v1/surveys/{survey_id}/key-drivers", Handler: s.keyDrivers, Scope: hive.ScopeResponsesRead, Allow: edge.DataReaders,
			Doc: edge.Doc{ID: "keyDrivers", Tag: "Analytics", Summary: "Key Drivers",
				Description: "Which driver moves engagement most: one row per driver, the highest influence_pct first, rows without one last, " +
					"by name. A driver's row is suppressed when the respondents with a value for it, or with a value and an Engagement Index " +
					"value, fall below the threshold (or, filtered, leave fewer than the threshold outside); a filtered group that does so " +
					"suppresses every row." + keyDriversDoc + filterDoc + confidentialityDoc + biListDoc,
				Params:   []edge.Param{pSurveyID, pSegmentID, pSubmittedFrom, pSubmittedTo, pBILimit, pCursor, pFormat, pBOM},
				Response: reportExample[api.KeyDriver](driverColumns, exDrivers...), CSV: csvExample(driverColumns, exDrivers...)}},
		{Route: "GET /v1/heatmap/{survey_id}", Handler: s.heatmap, Scope: hive.ScopeResponsesRead, Allow: edge.DataReaders,
			Doc: edge.Doc{ID: "heatmap", Tag: "Analytics", Summary: "Heatmap",
				Description: "One row per segment × Engagement Index (when the survey has Engagement Index questions), eNPS (when it has an " +
					"eNPS question) and each scale or eNPS question, in that order, attribute by attribute. Each row carries the segment's " +
					"response_count, score, mean and favourable_pct, the whole survey's as overall_*, and delta_* = segment − overall " +
					"(null when either side is). score is the Engagement Index (0–100), the eNPS (−100 to 100) or the question's " +
					"average_score_100; mean is a question's mean on its scale. The segments of one attribute and row form one breakdown for " +
					"complementary suppression; a suppressed row keeps its overall_* values. The Engagement Index (person first) and eNPS are " +
					"defined under GET /v1/metrics; favourable_pct is null on eNPS rows." + confidentialityDoc + biListDoc,
				Params: []edge.Param{pSurveyID,
					{Name: "attribute_id", In: "query", Description: "Only this attribute's segments; left out, every attribute, each its own breakdown."},
					{Name: "metric", In: "query", Enum: []string{"engagement_index", "enps", "question"}, Description: "Only rows of this row_type."},
					pBILimit, pCursor, pFormat, pBOM},
				Response: biExample[api.HeatmapRow](heatmapColumns, exSurveyID, exHeatmap...), CSV: csvExample(heatmapColumns, exHeatmap...)}},
		{Route: "GET /v1/surveys/{survey_id}/facets", Handler: s.facets, Scope: hive.ScopeResponsesRead, Allow: edge.DataReaders,
			Doc: edge.Doc{ID: "facets", Tag: "Analytics", Summary: "Facets to filter by",
				Description: "What the survey's reports can be filtered by: one row per segment of every attribute (facet_type segment), then " +
					"one per month and per quarter with responses (date_bucket), with respondent_count and reportable. Each attribute and each " +
					"interval is one breakdown: a count below the threshold is null, with complementary suppression, so the visible counts " +
					"never size a hidden group. meta.respondent_count is the survey's respondents, null below the threshold." +
					confidentialityDoc + biListDoc,
				Params:   []edge.Param{pSurveyID, pBILimit, pCursor, pFormat, pBOM},
				Response: exFacetsPage, CSV: csvExample(facetColumns, exFacets...)}},
		{Route: "POST /v1/custom-metrics", Handler: s.createCustomMetric, Scope: hive.ScopePeopleWrite, Allow: edge.Writers,
			Doc: edge.Doc{ID: "createCustomMetric", Tag: "Analytics", Summary: "Create a custom metric",
				Description: "A named index over 1 to 100 question keys, computed person first like the Engagement Index: each respondent's " +
					"mean of the listed questions they answered on 0–100, counted when they answered at least two thirds of those the survey " +
					"has. Every key must name a question of one of your surveys (400 naming question_keys[i] otherwise); a survey that lacks " +
					"some is computed over those it has, and over its scale and eNPS questions only. name is 1 to 200 characters and unique " +
					"in your tenant (409). Ask for it in GET /v1/metrics as metric=custom:{id}. The response is the metric's row.",
				Body:         api.CreateCustomMetricRequest{Name: exCustomMetric.Name, QuestionKeys: exCustomMetric.QuestionKeys},
				BodyRequired: []string{"name", "question_keys"}, Status: http.StatusCreated,
				Response: biRow[api.CustomMetric](customMetricColumns, exCustomMetric), Errors: []int{http.StatusConflict}}},
		{Route: "GET /v1/custom-metrics", Handler: s.listCustomMetrics, Scope: hive.ScopeResponsesRead, Allow: edge.DataReaders | edge.RestrictedKey,
			Doc: edge.Doc{ID: "listCustomMetrics", Tag: "Analytics", Summary: "List custom metrics", Description: "Your tenant's custom metrics, in creation order." + biListDoc,
				Params:   []edge.Param{pBILimit, pCursor, pFormat, pBOM},
				Response: biExample[api.CustomMetric](customMetricColumns, "", exCustomMetric), CSV: csvExample(customMetricColumns, exCustomMetric)}},
		{Route: "GET /v1/custom-metrics/{id}", Handler: s.getCustomMetric, Scope: hive.ScopeResponsesRead, Allow: edge.DataReaders | edge.RestrictedKey,
			Doc: edge.Doc{ID: "getCustomMetric", Tag: "Analytics", Summary: "Get a custom metric", Params: []edge.Param{pCustomMetricID},
				Response: biRow[api.CustomMetric](customMetricColumns, exCustomMetric)}},
		{Route: "DELETE /v1/custom-metrics/{id}", Handler: s.deleteCustomMetric, Scope: hive.ScopePeopleWrite, Allow: edge.Writers,
			Doc: edge.Doc{ID: "deleteCustomMetric", Tag: "Analytics", Summary: "Delete a custom metric", Description: "GET /v1/metrics answers 400 for metric=custom:{id} from then on.",
				Params: []edge.Param{pCustomMetricID}, Status: http.StatusNoContent}},

		{Route: "POST /v1/open-door", Handler: s.addOpenDoor, Scope: hive.ScopePeopleWrite, Allow: edge.Writers,
			Doc: edge.Doc{ID: "addOpenDoor", Tag: "Feedback", Summary: "Send Open Door submissions",
				Description: "Saves one anonymous submission, or 1 to 1,000 in {\"submissions\": [...]}, all or none: the first bad item refuses " +
					"the batch, and the 400 names its field, such as submissions[2].category, with details.index (a single submission is " +
					"submissions[0]); sending one item's fields and submissions together is a 400 too. employee_id must name a person " +
					"uploaded with POST /v1/people/import. It is used only to snapshot the author's segments as of submitted_at, and is " +
					"never stored with the submission nor returned by GET /v1/open-door: what is kept is the UTC day, category, text and " +
					"that snapshot. category is problem, question, suggestion or custom; text is 1 to 5,000 characters once trimmed. " +
					"The body may be up to 16 MiB.",
				Body:      openDoorItem{EmployeeID: "E1001", Category: "suggestion", Text: exOpenDoor[0].Text, SubmittedAt: edge.Ptr("2026-03-04T10:15:00Z")},
				BodyBatch: "submissions", BodyRequired: []string{"employee_id", "category", "text"}, Status: http.StatusCreated,
				Response: api.FeedbackAccepted{Accepted: 1}}},
		{Route: "GET /v1/open-door", Handler: s.listOpenDoor, Scope: hive.ScopeOpenDoorRead, Allow: edge.DataReaders | edge.RestrictedKey,
			Doc: edge.Doc{ID: "listOpenDoor", Tag: "Feedback", Summary: "List Open Door submissions",
				Description: openDoorDoc + biListDoc,
				Params: []edge.Param{
					{Name: "from", In: "query", Description: "Only days at or after this date (YYYY-MM-DD) or RFC 3339 time, rounded up to a whole day."},
					{Name: "to", In: "query", Description: "Only days before this date (YYYY-MM-DD) or RFC 3339 time, rounded up to a whole day."},
					{Name: "category", In: "query", Enum: []string{"problem", "question", "suggestion", "custom"}, Description: "Only this category."},
					feedbackSegment, pBILimit, pCursor, pFormat, pBOM,
				},
				Response: exOpenDoorPage, CSV: csvExample(openDoorColumns(exFeedbackAttrs), exOpenDoor...)}},
		{Route: "POST /v1/hive-fives", Handler: s.addHiveFives, Scope: hive.ScopePeopleWrite, Allow: edge.Writers,
			Doc: edge.Doc{ID: "addHiveFives", Tag: "Feedback", Summary: "Send Hive Fives",
				Description: "Saves one recognition, or 1 to 1,000 in {\"hive_fives\": [...]}, all or none: the first bad item refuses the " +
					"batch, and the 400 names its field, such as hive_fives[3].value, with details.index (a single recognition is " +
					"hive_fives[0]); sending one item's fields and hive_fives together is a 400 too. sender_employee_id and " +
					"recipient_employee_id name two different people uploaded with POST /v1/people/import; both sides' segments are " +
					"snapshotted as of sent_at. value is a value tag such as teamwork; text is 1 to 5,000 characters once trimmed. " +
					"private hides the text and the sender from GET /v1/hive-fives, which still lists and counts the recognition. " +
					"The body may be up to 16 MiB.",
				Body: hiveFiveItem{SenderEmployeeID: "E1002", RecipientEmployeeID: "E1001", Text: *exHiveFives[0].Text, Value: "teamwork",
					SentAt: edge.Ptr("2026-01-15T09:30:00Z")},
				BodyBatch: "hive_fives", BodyRequired: []string{"sender_employee_id", "recipient_employee_id", "text", "value"},
				Status: http.StatusCreated, Response: api.FeedbackAccepted{Accepted: 1}}},
		{Route: "GET /v1/hive-fives", Handler: s.listHiveFives, Scope: hive.ScopeHiveFivesRead, Allow: edge.DataReaders | edge.RestrictedKey,
			Doc: edge.Doc{ID: "listHiveFives", Tag: "Feedback", Summary: "List Hive Fives",
				Description: hiveFivesDoc + biListDoc,
				Params: []edge.Param{
					{Name: "from", In: "query", Description: "Only recognitions sent at or after this date (YYYY-MM-DD, UTC) or RFC 3339 time."},
					{Name: "to", In: "query", Description: "Only recognitions sent before this date (YYYY-MM-DD, UTC) or RFC 3339 time."},
					feedbackSegment, pBILimit, pCursor, pFormat, pBOM,
				},
				Response: exHiveFivePage, CSV: csvExample(hiveFiveColumns(exFeedbackAttrs), exHiveFives...)}},
	}
}
