package insights

import (
	"reflect"
	"strings"
	"sync"
)

// biColumnCache holds the columns biColumnsOf built, by row type.
var biColumnCache sync.Map // reflect.Type → []biColumn[T]

// biColumnsOf returns the BI columns of the row type T, derived from its
// fields: a column per field with a json tag, named by the tag, in field
// order, with embedded structs flattened as encoding/json flattens them, so
// that adding a column to a table is adding a field to its row type. A
// field whose bi tag is "nullempty" is null when it holds "" (or points to
// ""), as a blank label reads in BI tools. T may be a struct or a pointer to
// one. The columns are built once per type.
func biColumnsOf[T any]() []biColumn[T] {
	t := reflect.TypeFor[T]()
	if cols, ok := biColumnCache.Load(t); ok {
		return cols.([]biColumn[T])
	}
	st := t
	if st.Kind() == reflect.Pointer {
		st = st.Elem()
	}
	var cols []biColumn[T]
	for _, f := range dominant(biFields(st, nil)) {
		cols = append(cols, biColumn[T]{name: f.name, value: func(row T) any {
			v := reflect.ValueOf(row)
			if v.Kind() == reflect.Pointer {
				v = v.Elem()
			}
			return f.value(v.FieldByIndex(f.index))
		}})
	}
	stored, _ := biColumnCache.LoadOrStore(t, cols)
	return stored.([]biColumn[T])
}

// biColumnsVia returns the columns of the row type R as columns of T, the
// value a handler holds, for a table whose row puts context from the request
// (the survey, a question's key) beside what the engine computed: row builds
// the whole row from one value.
func biColumnsVia[R, T any](row func(T) R) []biColumn[T] {
	cols := biColumnsOf[R]()
	out := make([]biColumn[T], len(cols))
	for i, c := range cols {
		out[i] = biColumn[T]{name: c.name, value: func(v T) any { return c.value(row(v)) }}
	}
	return out
}

// dominant drops each field that a shallower field of the same name hides,
// as encoding/json does, so that a wrapper row can place a column of the
// struct it embeds where the table wants it.
func dominant(fields []biField) []biField {
	depth := map[string]int{}
	for _, f := range fields {
		if d, ok := depth[f.name]; !ok || len(f.index) < d {
			depth[f.name] = len(f.index)
		}
	}
	out := fields[:0:0]
	for _, f := range fields {
		if len(f.index) == depth[f.name] {
			out = append(out, f)
		}
	}
	return out
}

// biField is one column of a row type: its name and where the value is.
type biField struct {
	name      string
	index     []int
	nullEmpty bool
}

// biFields lists the columns of the struct type t, whose fields are at
// index within the row.
func biFields(t reflect.Type, index []int) []biField {
	var out []biField
	for f := range t.Fields() {
		at := append(append([]int(nil), index...), f.Index...)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch {
		case name == "-":
		case f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct:
			out = append(out, biFields(f.Type, at)...)
		case name != "" && f.IsExported():
			out = append(out, biField{name: name, index: at, nullEmpty: f.Tag.Get("bi") == "nullempty"})
		}
	}
	return out
}

// value is the field's value as a column gives it to biValue: named string
// types as plain strings, and empty text as nil where the field says so.
func (f biField) value(v reflect.Value) any {
	switch {
	case v.Kind() == reflect.String:
		if f.nullEmpty && v.String() == "" {
			return nil
		}
		return v.String()
	case v.Kind() == reflect.Pointer && v.Type().Elem().Kind() == reflect.String:
		if v.IsNil() || (f.nullEmpty && v.Elem().String() == "") {
			return nil
		}
		s := v.Elem().String()
		return &s
	}
	return v.Interface()
}
