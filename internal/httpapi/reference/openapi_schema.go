package reference

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"time"
	"unicode"
)

// Schema is the part of JSON Schema 2020-12 (the dialect of OpenAPI 3.1)
// that the API's wire types need.
type Schema struct {
	Ref                  string             `json:"$ref,omitempty"`
	Type                 any                `json:"type,omitempty"` // a name, or a list of names with "null"
	Format               string             `json:"format,omitempty"`
	Description          string             `json:"description,omitempty"`
	Properties           map[string]*Schema `json:"properties,omitempty"`
	Required             []string           `json:"required,omitempty"`
	AdditionalProperties any                `json:"additionalProperties,omitempty"`
	PatternProperties    map[string]*Schema `json:"patternProperties,omitempty"`
	Items                *Schema            `json:"items,omitempty"`
	Enum                 []any              `json:"enum,omitempty"`
	Const                any                `json:"const,omitempty"`
	OneOf                []*Schema          `json:"oneOf,omitempty"`
	AnyOf                []*Schema          `json:"anyOf,omitempty"`
	Minimum              *float64           `json:"minimum,omitempty"`
	Maximum              *float64           `json:"maximum,omitempty"`
}

// Registry turns Go wire types into JSON Schemas by reflecting over
// their json tags, so the document cannot drift from what handlers encode.
// Named struct types become components and are referenced by $ref.
//
// A response always carries the fields without omitempty, so they are
// required there. What a request must carry depends on the route (a PATCH
// takes any subset), so request schemas list no required fields: each
// operation states its own beside the $ref. A type used in both directions
// thus gets two components, the request one suffixed "Input".
type Registry struct {
	Components map[string]*Schema
	names      map[typeUse]string
	// Fields overrides the schema of one field, keyed "Component.json_name",
	// where Go's type says less than the wire does (an integer or false).
	Fields map[string]*Schema
}

func newSchemaRegistry() *Registry {
	return &Registry{Components: map[string]*Schema{}, names: map[typeUse]string{}, Fields: map[string]*Schema{}}
}

// typeUse is a Go type in one direction.
type typeUse struct {
	t       reflect.Type
	request bool
}

var (
	timeType = reflect.TypeFor[time.Time]()
	rawType  = reflect.TypeFor[json.RawMessage]()
)

// ResponseSchema returns the schema of v's type as the API writes it: a $ref
// for named structs.
func (g *Registry) ResponseSchema(v any) *Schema {
	return g.schema(typeUse{t: reflect.TypeOf(v)})
}

// requestSchema returns the schema of v's type as the API reads it.
func (g *Registry) requestSchema(v any) *Schema {
	return g.schema(typeUse{t: reflect.TypeOf(v), request: true})
}

func (g *Registry) schema(u typeUse) *Schema {
	t := u.t
	switch {
	case t == timeType:
		return &Schema{Type: "string", Format: "date-time"}
	case t == rawType:
		return &Schema{Description: "Any JSON value."}
	}
	switch t.Kind() {
	case reflect.Pointer:
		return nullable(g.schema(typeUse{t.Elem(), u.request}))
	case reflect.String:
		return &Schema{Type: "string"}
	case reflect.Bool:
		return &Schema{Type: "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32:
		return &Schema{Type: "integer"}
	case reflect.Int64, reflect.Uint64:
		return &Schema{Type: "integer", Format: "int64"}
	case reflect.Float32, reflect.Float64:
		return &Schema{Type: "number"}
	case reflect.Slice, reflect.Array:
		// encoding/json writes a nil slice as null.
		return &Schema{Type: []string{"array", "null"}, Items: g.schema(typeUse{t.Elem(), u.request})}
	case reflect.Map:
		return &Schema{Type: "object", AdditionalProperties: g.schema(typeUse{t.Elem(), u.request})}
	case reflect.Interface:
		return &Schema{}
	case reflect.Struct:
		return g.structSchema(u)
	}
	panic(fmt.Sprintf("openapi: no JSON Schema for Go type %s", t))
}

// structSchema registers a named struct as a component and refers to it;
// anonymous structs are inlined.
func (g *Registry) structSchema(u typeUse) *Schema {
	if u.t.Name() == "" {
		return g.objectSchema(u, "")
	}
	if seen, ok := g.names[u]; ok {
		return &Schema{Ref: "#/components/schemas/" + seen}
	}
	name := componentName(u.t)
	if u.request && !strings.HasSuffix(name, "Request") {
		name += "Input"
	}
	for other, n := range g.names {
		if n == name {
			panic(fmt.Sprintf("openapi: types %s and %s both map to schema %q", other.t, u.t, name))
		}
	}
	g.names[u] = name
	g.Components[name] = g.objectSchema(u, name)
	return &Schema{Ref: "#/components/schemas/" + name}
}

// objectSchema lists t's JSON fields, embedded structs flattened as
// encoding/json does. Fields without omitempty are always present, so they
// are required.
func (g *Registry) objectSchema(u typeUse, name string) *Schema {
	s := &Schema{Type: "object", Properties: map[string]*Schema{}}
	if u.request {
		s.AdditionalProperties = false // decode refuses unknown fields
	}
	for f := range u.t.Fields() {
		tag := f.Tag.Get("json")
		if tag == "-" || !f.IsExported() && !f.Anonymous {
			continue
		}
		jname, opts, _ := strings.Cut(tag, ",")
		if f.Anonymous && jname == "" && f.Type.Kind() == reflect.Struct {
			inner := g.objectSchema(typeUse{f.Type, u.request}, name)
			for k, v := range inner.Properties {
				s.Properties[k] = v
			}
			s.Required = append(s.Required, inner.Required...)
			continue
		}
		if jname == "" {
			jname = f.Name
		}
		prop := g.Fields[name+"."+jname]
		if prop == nil {
			prop = g.schema(typeUse{f.Type, u.request})
		}
		s.Properties[jname] = prop
		if !u.request && !strings.Contains(opts, "omitempty") {
			s.Required = append(s.Required, jname)
		}
	}
	return s
}

// nullable lets s also be null.
func nullable(s *Schema) *Schema {
	switch typ := s.Type.(type) {
	case string:
		s.Type = []string{typ, "null"}
		return s
	case []string:
		return s // already allows null
	}
	if s.Ref == "" && s.Type == nil && s.OneOf == nil {
		return s // any value, null included
	}
	return &Schema{OneOf: []*Schema{s, {Type: "null"}}}
}

// componentName names t's schema: the Go name without a "Wire" suffix,
// capitalised, with generic lists named after their items: List[APIKey] is
// "APIKeyList", UnpagedList[Door] "DoorUnpagedList".
func componentName(t reflect.Type) string {
	base, arg, generic := strings.Cut(t.Name(), "[")
	if !generic {
		return exportName(base)
	}
	arg = strings.TrimSuffix(arg, "]")
	return exportName(arg[strings.LastIndexAny(arg, "./")+1:]) + exportName(base)
}

func exportName(name string) string {
	name = strings.TrimSuffix(name, "Wire")
	r := []rune(name)
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}
