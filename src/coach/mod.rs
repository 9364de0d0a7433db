//! The coach's facts: what the journal stores. (The coach that reads them
//! to decide comes with the pain-aware progression.)

pub mod records;
