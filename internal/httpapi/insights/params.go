package insights

import "github.com/hive-platform/hive/internal/httpapi/edge"

// Parameters of the Open API's routes.
var (
	pBILimit        = edge.Param{Name: "limit", In: "query", Description: "1 to 1000 for one page of that many rows; all, the default, for the whole result up to meta.row_cap (100,000) rows.", Example: "all"}
	pBOM            = edge.Param{Name: "bom", In: "query", Type: "boolean", Description: "With format=csv, true starts the CSV with a UTF-8 byte order mark, so that Excel reads accents and dashes right."}
	pCursor         = edge.Param{Name: "cursor", In: "query", Description: "pagination.next_cursor of the previous page, unchanged; leave it out for the first page."}
	pFormat         = edge.Param{Name: "format", In: "query", Enum: []string{"json", "csv"}, Description: "csv for the same columns as RFC 4180 CSV; Accept: text/csv does the same."}
	pSurveyID       = edge.Param{Name: "survey_id", In: "path", Description: "The survey's id, from GET /v1/surveys.", Example: exSurveyID}
	pSegmentID      = edge.Param{Name: "segment_id", In: "query", Type: "array", Description: "Only respondents in this segment, from GET /v1/attributes or the facets; repeat it for two, at most."}
	pSubmittedFrom  = edge.Param{Name: "from", In: "query", Description: "Only responses submitted on or after this day (YYYY-MM-DD, UTC); an RFC 3339 time is taken back to midnight UTC of its day."}
	pSubmittedTo    = edge.Param{Name: "to", In: "query", Description: "Only responses submitted before this day (YYYY-MM-DD, UTC); an RFC 3339 time is taken on to the next midnight UTC unless it is one."}
	pView           = edge.Param{Name: "view", In: "query", Enum: []string{"summary", "distribution"}, Description: "summary (the default) for one row per question; distribution for one row per question and value."}
	pCustomMetricID = edge.Param{Name: "id", In: "path", Description: "The custom metric's id.", Example: exCustomMetric.ID}
)

// biListDoc states the conventions every Open API list follows, for the
// descriptions of those lists.
const biListDoc = "\n\nLike every Open API list, for BI tools such as Power BI: flat rows with the same keys, in the order meta.columns names them " +
	"(also on an empty page); numbers are numbers, and what is unknown or not computable is null, never 0; times are ISO 8601 UTC. " +
	"Paging is by cursor: pass pagination.next_cursor as ?cursor=, or append pagination.next_path to your base URL; both are null on the last page, " +
	"and rows added while you page are never skipped or repeated. Without ?limit= (or with ?limit=all) the response is the whole result, up to meta.row_cap (100,000) rows, " +
	"so a URL pasted into Power BI's Get Data → From Web loads every row; ?limit=1 to 1000 asks for one page. When rows follow that a response does not hold, " +
	"meta.truncated is true, next_cursor is set and the X-Hive-Truncated header (a trailer, after the body, on lists read in chunks: surveys, metrics, open-door, hive-fives) is true. " +
	"?format=csv or Accept: text/csv returns the same columns as RFC 4180 CSV, with empty cells for null, numbers to 10 significant digits and the next page in the Link header; " +
	"add &bom=true for Excel."
