//! A plan from the document it is issued as (`tonghop ke-hoach nhap`): the body's number, date,
//! issuer and reporting deadlines, and the appendix tables' groups, tasks and indicators, with
//! every body named matched to the agency registry. What it cannot decide is listed with its place
//! in the document and written into the plan file as a comment at that entry.

pub mod names;
