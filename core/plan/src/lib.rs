//! Shot planning: shot list, set layouts, cameras, storyboards and the production manifest.
