//! Editorial: the cut of a production as OpenTimelineIO and CMX 3600 EDL.
