//! Sound: the dialogue, effects and ambience cue sheet, and a temp mix for the animatic.
