//! The integration tests, one binary (as ripgrep and mdBook keep theirs): each module runs the
//! built `tonghop` on fixture folders for one area; `common` holds the shared helpers.

mod architecture;
mod cli;
mod common;
mod cycle_dates;
mod docx;
mod dotted_codes;
mod figures;
mod formats;
mod forms;
mod hardening;
mod history;
mod identity;
mod layout;
mod model_snapshot;
mod pdf_format;
mod pipeline;
mod robustness;
mod round_trip;
mod scale;
mod scenarios;
mod second_plan;
mod validation;
mod workbook;
