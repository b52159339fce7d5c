//! Talent scheduling solver, shooting schedule, stripboard, Day Out of Days, call sheets and budget.
