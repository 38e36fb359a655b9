package console

import (
	"bytes"
	"cmp"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"

	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/people"
)

// maxPeopleUpload is the largest people file the console takes. The
// confirm form carries the file back base64-encoded, so its body is a
// third larger.
const maxPeopleUpload = 16 << 20

// peopleData is Settings → People Data: the upload form, and after an
// upload the dry run's verdict.
type peopleData struct {
	Columns  []string
	FileName string
	Result   *people.ImportResult // nil before an upload
	Problem  string               // a message for the whole file
	// File is the checked upload, base64, for the confirm form to send
	// back; set only when the dry run found nothing wrong.
	File string
}

// peopleUpload handles "GET /console/settings/people".
func (c *Console) peopleUpload(w http.ResponseWriter, r *http.Request, v *visit) error {
	return c.renderPeople(w, r, newView(w, r, v, "People Data", "/console/settings/people"), http.StatusOK, &peopleData{})
}

func (c *Console) renderPeople(w http.ResponseWriter, r *http.Request, vw *view, status int, d *peopleData) error {
	d.Columns = people.RequiredColumns
	vw.Data = d
	c.render(w, r, status, "people", vw)
	return nil
}

// previewPeople handles "POST /console/settings/people/preview": a dry
// run of the uploaded CSV. It writes nothing: the page lists every problem
// by row and column, or the counts that would change and a button that
// sends the same file to importPeople.
func (c *Console) previewPeople(w http.ResponseWriter, r *http.Request, v *visit) error {
	vw := newView(w, r, v, "People Data", "/console/settings/people")
	d := &peopleData{}
	data, err := uploadedFile(r, "file", d)
	if err != nil {
		return c.peopleError(w, r, vw, d, err)
	}
	res, err := c.people.ImportPeople(r.Context(), v.Principal, bytes.NewReader(data), true)
	d.Result = &res
	if err != nil {
		return c.peopleError(w, r, vw, d, err)
	}
	d.File = base64.StdEncoding.EncodeToString(data)
	return c.renderPeople(w, r, vw, http.StatusOK, d)
}

// importPeople handles "POST /console/settings/people/import": the
// confirmed file, checked again and written in one transaction.
func (c *Console) importPeople(w http.ResponseWriter, r *http.Request, v *visit) error {
	vw := newView(w, r, v, "People Data", "/console/settings/people")
	d := &peopleData{FileName: r.PostFormValue("file_name")}
	data, err := base64.StdEncoding.DecodeString(r.PostFormValue("file"))
	if err != nil || len(data) == 0 {
		return c.peopleError(w, r, vw, d, hive.Errorf(hive.EINVALID, "The confirmed file did not arrive intact. Upload it again."))
	}
	res, err := c.people.ImportPeople(r.Context(), v.Principal, bytes.NewReader(data), false)
	if err != nil {
		d.Result = &res
		return c.peopleError(w, r, vw, d, err)
	}
	return redirect(w, r, "/console/settings/people", fmt.Sprintf("People data imported: %d created, %d updated, %d unchanged.",
		res.Created, res.Updated, res.Unchanged))
}

// uploadedFile reads the form's file field, noting its name in d.
func uploadedFile(r *http.Request, field string, d *peopleData) ([]byte, error) {
	f, hdr, err := r.FormFile(field)
	if err != nil {
		return nil, hive.FieldError(field, "choose a CSV file to upload")
	}
	defer f.Close()
	d.FileName = hdr.Filename
	data, err := io.ReadAll(io.LimitReader(f, maxPeopleUpload+1))
	switch {
	case err != nil:
		return nil, err
	case len(data) > maxPeopleUpload:
		return nil, hive.FieldError(field, "the file is larger than %d MiB; split it into several uploads", maxPeopleUpload>>20)
	}
	return data, nil
}

// peopleError shows the upload page with err: the dry run's problems in
// their table, or the message above the form.
func (c *Console) peopleError(w http.ResponseWriter, r *http.Request, vw *view, d *peopleData, err error) error {
	status, err := formError(vw, err)
	if err != nil {
		return err
	}
	if d.Result != nil && len(d.Result.Errors) > 0 {
		vw.Error = ""
		name := cmp.Or(d.FileName, "The file")
		d.Problem = fmt.Sprintf("%s has %d problem(s); nothing was imported. Fix them in the file and upload it again.",
			name, len(d.Result.Errors))
	}
	return c.renderPeople(w, r, vw, status, d)
}

// limitBody refuses bodies larger than an upload can be before anything
// reads them, with a message that says so.
func (c *Console) limitBody(next http.Handler) http.Handler {
	const limit = maxPeopleUpload*4/3 + 1<<20
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > limit {
			c.renderError(w, r, nil, hive.Errorf(hive.EINVALID,
				"The file is larger than %d MiB; split it into several uploads.", maxPeopleUpload>>20))
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		next.ServeHTTP(w, r)
	})
}
