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
