//! Reader state, the Action enum and update (being written).
