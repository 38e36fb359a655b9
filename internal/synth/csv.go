package synth

import (
	"fmt"
	"io"

	"github.com/hive-platform/hive/internal/csvsafe"
)

// PeopleCSVHeader is the header row WritePeopleCSV writes: the uploader's
// required columns, then the attribute columns.
var PeopleCSVHeader = []string{
	"employee_id", "email", "first_name", "last_name", "start_date",
	"date_of_birth", "department", "location", "manager", "team",
}

// dateLayout is the uploader's date format.
const dateLayout = "2006-01-02"

// WritePeopleCSV writes employees in the format the people uploader reads:
// UTF-8 without a byte-order mark, comma-separated, dates as YYYY-MM-DD, and
// an empty manager for department heads.
func WritePeopleCSV(w io.Writer, employees []Employee) error {
	cw := csvsafe.NewWriter(w)
	if err := cw.Write(PeopleCSVHeader); err != nil {
		return fmt.Errorf("write people csv: %w", err)
	}
	for _, e := range employees {
		row := []string{
			e.ID, e.Email, e.FirstName, e.LastName,
			e.StartDate.Format(dateLayout), e.DateOfBirth.Format(dateLayout),
			e.Department, e.Location, e.Manager, e.Team,
		}
		if err := cw.Write(row); err != nil {
			return fmt.Errorf("write people csv: %w", err)
		}
	}
	if err := cw.Flush(); err != nil {
		return fmt.Errorf("write people csv: %w", err)
	}
	return nil
}
