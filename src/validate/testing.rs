//! Small grids for the readers' unit tests: the default plan, sheets of text cells, workbooks.

use crate::ingest::{Cell, Sheet, Workbook};
use crate::plan::Plan;

/// The default plan (NQ57).
pub fn plan() -> Plan {
    crate::plan::load_plan(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/plans/kh-nq57-hue.toml"))
        .expect("the default plan loads")
}

/// A sheet of text cells from A1; "" leaves a cell empty.
pub fn sheet(name: &str, visible: bool, rows: Vec<Vec<&str>>) -> Sheet {
    let cells = rows
        .into_iter()
        .map(|r| r.into_iter().map(|c| if c.is_empty() { Cell::Empty } else { Cell::Text(c.into()) }).collect())
        .collect();
    Sheet::from_rows(name, visible, cells)
}

/// A workbook "a.xlsx" of these sheets.
pub fn book(sheets: Vec<Sheet>) -> Workbook {
    Workbook {
        file: "a.xlsx".into(),
        modified: None,
        sheets,
        date_1904: false,
        truncated: vec![],
        legacy_cells: 0,
        legacy_vni: false,
    }
}
