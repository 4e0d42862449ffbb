//! tonghop: consolidates the agencies' Excel reports on a plan into one report PDF in the layout
//! of Nghị định 30/2020/NĐ-CP.
//!
//! The pipeline, one module per stage, passing plain typed structs:
//! `ingest` (files → cell grids, calamine) → `validate` (grids + plan → records + diagnostics)
//! → `aggregate` (records → figures, polars) → `render` (figures → PDF, typst) → `output`
//! (atomic files). `cmd` runs the stages for each subcommand; `main` maps outcomes to exit codes.

pub mod aggregate;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod diag;
pub mod files;
pub mod fit;
pub mod fold;
pub mod forms;
pub mod history;
pub mod import;
pub mod ingest;
pub mod labels;
pub mod launch;
pub mod lock;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod plan;
pub mod register;
pub mod render;
pub mod returns;
pub mod sample;
pub mod simulate;
mod toml_error;
pub mod validate;
pub mod vn;
