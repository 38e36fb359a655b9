package api

// Lists and errors, shared by the management API and the door
// administration.

// List is one page of a list endpoint.
type List[T any] struct {
	Object     string  `json:"object"` // "list"
	Data       []T     `json:"data"`
	HasMore    bool    `json:"has_more"`
	NextCursor *string `json:"next_cursor"`
	Total      int     `json:"total"`
}

// UnpagedList is a whole list in one response, as the door
// administration's lists of doors, membership types and memberships are.
type UnpagedList[T any] struct {
	Object string `json:"object"` // "list"
	Data   []T    `json:"data"`
	Total  int    `json:"total"`
}

// ErrorBody is the JSON shape of every /v1 error response.
type ErrorBody struct {
	Error struct {
		Code    string         `json:"code"`
		Message string         `json:"message"`
		Details map[string]any `json:"details,omitempty"`
	} `json:"error"`
}
