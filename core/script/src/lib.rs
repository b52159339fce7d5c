//! Fountain and Final Draft screenplay parser, script breakdown and reports.
