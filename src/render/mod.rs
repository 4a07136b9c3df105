//! Writers: each turns the amended edition (and later the Annex model) into one kind of file.

pub mod docx;
pub mod html;
pub mod markdown;
