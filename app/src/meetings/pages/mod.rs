//! The meetings pages, one file a route.

mod meetings;
mod parts;

pub use meetings::MeetingsPage;
