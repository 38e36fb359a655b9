// Package insights serves the Open API for engagement analytics: the people
// import and attributes, surveys, their questions and responses, Open Door
// and Hive Fives, question statistics, headline and custom metrics, Key
// Drivers, heatmaps and facets. Its lists follow the BI conventions (flat
// rows, meta.columns, cursor paging, ?format=csv) that BI tools such as
// Power BI load directly.
package insights

import (
	"github.com/hive-platform/hive/internal/httpapi/reference"
	"github.com/hive-platform/hive/internal/people"
)

// API holds the Open API's handlers.
type API struct {
	people *people.Service
}

// New returns the Open API over people.
func New(people *people.Service) *API { return &API{people: people} }

// Schemas adjusts the reference's field schemas where the Open API's wire
// types say less than the API documents.
func Schemas(g *reference.Registry) {
	analyticsFields(g)
	feedbackSchemas(g)
}
