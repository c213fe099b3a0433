//! The one SHA-256 of the product: question-set content hashes, the audit chain, evidence
//! files, workbook and import fingerprints all hash through here, as lowercase hex, so a hash
//! printed on one surface is the same string on every other.

use std::io::Read;
use std::path::Path;

use sha2::{Digest, Sha256};

/// The SHA-256 of `bytes`, lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// A SHA-256 fed in pieces (a file copied in chunks is hashed as it streams, never held whole).
#[derive(Default)]
pub struct Sha256Stream(Sha256);

impl Sha256Stream {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn update(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }

    /// The hash of everything fed so far, lowercase hex.
    pub fn finish(self) -> String {
        hex::encode(self.0.finalize())
    }
}

/// The SHA-256 of everything `reader` yields, read in chunks.
pub fn sha256_reader(mut reader: impl Read) -> std::io::Result<String> {
    let mut stream = Sha256Stream::new();
    let mut buffer = vec![0u8; 64 * 1024];
    loop {
        let read = reader.read(&mut buffer)?;
        if read == 0 {
            return Ok(stream.finish());
        }
        stream.update(&buffer[..read]);
    }
}

/// The SHA-256 of a file's content, read in chunks.
pub fn sha256_file(path: &Path) -> std::io::Result<String> {
    sha256_reader(std::fs::File::open(path)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ABC: &str = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    #[test]
    fn whole_streamed_and_file_hashes_agree_with_the_standard_vector() {
        assert_eq!(sha256_hex(b"abc"), ABC);
        let mut stream = Sha256Stream::new();
        stream.update(b"a");
        stream.update(b"bc");
        assert_eq!(stream.finish(), ABC);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("abc.txt");
        std::fs::write(&path, b"abc").unwrap();
        assert_eq!(sha256_file(&path).unwrap(), ABC);
        // Larger than one chunk: the streamed read matches the whole-buffer hash.
        let big = vec![7u8; 200 * 1024 + 3];
        assert_eq!(sha256_reader(big.as_slice()).unwrap(), sha256_hex(&big));
    }
}
