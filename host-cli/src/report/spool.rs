//! Reports too large to hold in memory: an unnamed temporary file (deleted by the OS when closed)
//! that a command appends records to while it reads its input, and copies to stdout only once the
//! whole input was read without error — so memory stays flat and an input error still leaves
//! stdout empty. Used by `conformers` and `pucker`.

use anyhow::Context;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Seek, SeekFrom, Write};

/// An append-only temporary file with in-place overwrites.
pub struct Spool {
    file: BufWriter<File>,
    len: u64,
}

impl Spool {
    /// A new, empty spool in the system's temporary folder.
    pub fn new() -> anyhow::Result<Self> {
        let file = tempfile::tempfile().context("cannot create a temporary file")?;
        Ok(Self {
            file: BufWriter::new(file),
            len: 0,
        })
    }

    /// Appends bytes; returns the offset where they start.
    pub fn append(&mut self, bytes: &[u8]) -> io::Result<u64> {
        let at = self.len;
        self.file.write_all(bytes)?;
        self.len += bytes.len() as u64;
        Ok(at)
    }

    /// Bytes appended so far.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// Whether nothing was appended.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Overwrites bytes appended earlier at `offset` (which must lie within what was appended).
    pub fn overwrite(&mut self, offset: u64, bytes: &[u8]) -> io::Result<()> {
        if offset + bytes.len() as u64 > self.len {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "spool overwrite past its end",
            ));
        }
        self.file.flush()?;
        let f = self.file.get_mut();
        f.seek(SeekFrom::Start(offset))?;
        f.write_all(bytes)?;
        f.seek(SeekFrom::End(0))?;
        Ok(())
    }

    /// Everything appended, for reading from the start.
    pub fn into_reader(self) -> io::Result<BufReader<File>> {
        let mut f = self.file.into_inner().map_err(|e| e.into_error())?;
        f.seek(SeekFrom::Start(0))?;
        Ok(BufReader::new(f))
    }

    /// Copies everything appended to `out`.
    pub fn copy_to(self, out: &mut impl Write) -> io::Result<u64> {
        io::copy(&mut self.into_reader()?, out)
    }
}

/// A JSON object written as it goes: the fields of a head object, then one more key whose array
/// is filled item by item, one item per line — so a report with millions of items never has to
/// be one `serde_json::Value`. Used for `conformers` and `pucker` with `--json`.
pub struct JsonArray<W: Write> {
    out: W,
    first: bool,
}

impl<W: Write> JsonArray<W> {
    /// Writes `head`'s fields (pretty-printed, as for any command) and opens the array `key`.
    pub fn open(mut out: W, head: &impl serde::Serialize, key: &str) -> anyhow::Result<Self> {
        let head = serde_json::to_string_pretty(head)?;
        let fields = head
            .trim_end()
            .strip_suffix('}')
            .unwrap_or(&head)
            .trim_end();
        let comma = if fields.ends_with('{') { "" } else { "," };
        write!(out, "{fields}{comma}\n  \"{key}\": [")?;
        Ok(Self { out, first: true })
    }

    /// Writes one item (one JSON value).
    pub fn item(&mut self, json: &[u8]) -> io::Result<()> {
        self.out
            .write_all(if self.first { b"\n    " } else { b",\n    " })?;
        self.first = false;
        self.out.write_all(json)
    }

    /// Closes the array and the object.
    pub fn close(mut self) -> io::Result<()> {
        writeln!(self.out, "{}]\n}}", if self.first { "" } else { "\n  " })?;
        self.out.flush()
    }
}
