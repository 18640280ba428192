//! Blobs: the bytes Duban keeps beside its rows (evidence files, named by their sha256), in an
//! object store behind one interface (the `object_store` crate): a folder, the embedded
//! default (`data/attachments`, where evidence has always been), or an S3-compatible bucket
//! that several instances share. Files arrive streamed into `incoming/` and move to their
//! content address `ab/abcdef…` inside the transaction that writes the row naming them.

use std::{io, sync::Arc};

use bytes::Bytes;
use chrono::{DateTime, Utc};
use futures_util::{StreamExt, TryStreamExt, stream::BoxStream};
use object_store::{
    ObjectStore, ObjectStoreExt, aws::AmazonS3Builder, buffered::BufWriter, local::LocalFileSystem, path::Path as Key,
    prefix::PrefixStore,
};
use sha2::{Digest, Sha256};

use crate::config::{StorageLocation, StorageSettings};

/// Where uploads wait while they arrive, before they are checked and placed.
pub const INCOMING: &str = "incoming";

/// Up to this much of an upload is held in memory; a larger one goes up in parts of this size
/// (a multipart upload; 5 MiB is the smallest part S3 accepts).
pub const PART_BYTES: usize = 5 * 1024 * 1024;

/// An object store, opened from the storage settings. A store that could not be opened (an
/// S3 setting the client refuses) answers every call with the reason; `duban serve` and the
/// commands check it before they start (`check`).
#[derive(Clone)]
pub struct Blobs {
    store: Result<Arc<dyn ObjectStore>, Arc<str>>,
    url: Arc<str>,
}

impl std::fmt::Debug for Blobs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Blobs").field("url", &self.url).finish()
    }
}

/// The bytes of a blob as they come from the store.
pub type ByteStream = BoxStream<'static, io::Result<Bytes>>;

/// One stored blob, as a listing gives it.
#[derive(Debug, Clone)]
pub struct BlobMeta {
    pub key: String,
    pub size: u64,
    pub modified: DateTime<Utc>,
}

/// The key of the blob holding the bytes whose sha256 is `sha256`: `ab/abcdef…`, as evidence
/// rows name it in `storage_path`.
pub fn content_key(sha256: &str) -> String {
    format!("{}/{sha256}", &sha256[..2.min(sha256.len())])
}

/// The sha256 a content key names, or None for any other key (uploads in flight, strays).
pub fn sha256_of_key(key: &str) -> Option<&str> {
    let (dir, name) = key.split_once('/')?;
    let hex = |s: &str| s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    (name.len() == 64 && hex(name) && name.starts_with(dir)).then_some(name)
}

fn from_store(err: object_store::Error) -> io::Error {
    match err {
        object_store::Error::NotFound { .. } => io::Error::new(io::ErrorKind::NotFound, err),
        other => io::Error::other(other),
    }
}

fn key(text: &str) -> io::Result<Key> {
    Key::parse(text).map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))
}

fn build(settings: &StorageSettings) -> Result<Arc<dyn ObjectStore>, String> {
    match &settings.location {
        StorageLocation::Folder(path) => {
            std::fs::create_dir_all(path).map_err(|e| format!("cannot create {}: {e}", path.display()))?;
            let local = LocalFileSystem::new_with_prefix(path).map_err(|e| e.to_string())?;
            Ok(Arc::new(local.with_automatic_cleanup(true)))
        }
        StorageLocation::S3 { bucket, prefix } => {
            // Credentials, and anything else not set here, from AWS_* as the AWS SDKs read them.
            let mut builder = AmazonS3Builder::from_env()
                .with_bucket_name(bucket)
                .with_virtual_hosted_style_request(settings.virtual_hosted);
            if let Some(endpoint) = &settings.endpoint {
                builder = builder.with_endpoint(endpoint).with_allow_http(endpoint.starts_with("http://"));
            }
            if let Some(region) = &settings.region {
                builder = builder.with_region(region);
            }
            let s3: Arc<dyn ObjectStore> = Arc::new(builder.build().map_err(|e| e.to_string())?);
            if prefix.is_empty() { Ok(s3) } else { Ok(Arc::new(PrefixStore::new(s3, prefix.as_str()))) }
        }
    }
}

impl Blobs {
    /// The store the settings name (a folder is created if missing).
    pub fn open(settings: &StorageSettings) -> Self {
        Blobs { store: build(settings).map_err(Arc::from), url: settings.url().into() }
    }

    /// A folder as a store: backups, and tests.
    pub fn folder(path: &std::path::Path) -> Self {
        Self::open(&StorageSettings {
            location: StorageLocation::Folder(path.to_path_buf()),
            endpoint: None,
            region: None,
            virtual_hosted: false,
        })
    }

    /// The URL of the store, for messages.
    pub fn url(&self) -> &str {
        &self.url
    }

    fn store(&self) -> io::Result<&Arc<dyn ObjectStore>> {
        self.store.as_ref().map_err(|reason| io::Error::other(format!("storage {}: {reason}", self.url)))
    }

    /// Whether the store could be opened; the reason if not.
    pub fn check(&self) -> io::Result<()> {
        self.store().map(|_| ())
    }

    /// Starts writing the blob `key`: in memory up to `PART_BYTES`, then as a multipart upload.
    /// Nothing is visible under `key` until `finish`.
    pub fn upload(&self, key_text: &str) -> io::Result<Upload> {
        let store = Arc::clone(self.store()?);
        Ok(Upload { writer: BufWriter::with_capacity(store, key(key_text)?, PART_BYTES).with_max_concurrency(2) })
    }

    /// The blob's bytes, streamed; `NotFound` when there is no such blob.
    pub async fn get(&self, key_text: &str) -> io::Result<ByteStream> {
        let found = self.store()?.get(&key(key_text)?).await.map_err(from_store)?;
        Ok(found.into_stream().map_err(from_store).boxed())
    }

    pub async fn exists(&self, key_text: &str) -> io::Result<bool> {
        match self.store()?.head(&key(key_text)?).await {
            Ok(_) => Ok(true),
            Err(object_store::Error::NotFound { .. }) => Ok(false),
            Err(e) => Err(from_store(e)),
        }
    }

    /// Removes the blob; one already gone is no error.
    pub async fn delete(&self, key_text: &str) -> io::Result<()> {
        match self.store()?.delete(&key(key_text)?).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(from_store(e)),
        }
    }

    /// Moves a blob (a rename in a folder; a copy and a delete in S3).
    pub async fn rename(&self, from: &str, to: &str) -> io::Result<()> {
        self.store()?.rename(&key(from)?, &key(to)?).await.map_err(from_store)
    }

    /// Every blob in the store, uploads in flight included.
    pub async fn list(&self) -> io::Result<Vec<BlobMeta>> {
        self.store()?
            .list(None)
            .map_ok(|meta| BlobMeta { key: meta.location.to_string(), size: meta.size, modified: meta.last_modified })
            .map_err(from_store)
            .try_collect()
            .await
    }

    /// The sha256 and size of the blob's bytes, read whole (streamed).
    pub async fn digest(&self, key_text: &str) -> io::Result<(String, u64)> {
        let mut bytes = self.get(key_text).await?;
        let (mut hasher, mut size) = (Sha256::new(), 0u64);
        while let Some(piece) = bytes.next().await {
            let piece = piece?;
            hasher.update(&piece);
            size += piece.len() as u64;
        }
        Ok((hex::encode(hasher.finalize()), size))
    }

    /// Copies the blob `key` from this store to `to` (streamed, in parts when large), and
    /// returns the sha256 and size of the bytes read.
    pub async fn copy_to(&self, key_text: &str, to: &Blobs) -> io::Result<(String, u64)> {
        let mut bytes = self.get(key_text).await?;
        let mut upload = to.upload(key_text)?;
        let (mut hasher, mut size) = (Sha256::new(), 0u64);
        while let Some(piece) = bytes.next().await {
            let piece = match piece {
                Ok(piece) => piece,
                Err(e) => {
                    upload.abort().await;
                    return Err(e);
                }
            };
            hasher.update(&piece);
            size += piece.len() as u64;
            upload.write(piece).await?;
        }
        upload.finish().await?;
        Ok((hex::encode(hasher.finalize()), size))
    }
}

/// A blob being written; see `Blobs::upload`.
pub struct Upload {
    writer: BufWriter,
}

impl std::fmt::Debug for Upload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Upload").finish_non_exhaustive()
    }
}

impl Upload {
    pub async fn write(&mut self, bytes: Bytes) -> io::Result<()> {
        self.writer.put(bytes).await.map_err(from_store)
    }

    /// Completes the blob: from now on it is visible under its key.
    pub async fn finish(mut self) -> io::Result<()> {
        use tokio::io::AsyncWriteExt;
        self.writer.shutdown().await
    }

    /// Gives the blob up: the parts sent so far are discarded.
    pub async fn abort(mut self) {
        let _ = self.writer.abort().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_keys_are_told_from_other_keys() {
        let sha = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        assert_eq!(content_key(sha), format!("9f/{sha}"));
        assert_eq!(sha256_of_key(&content_key(sha)), Some(sha));
        assert_eq!(sha256_of_key(&format!("{INCOMING}/0123")), None);
        assert_eq!(sha256_of_key(&format!("ab/{sha}")), None, "the folder is the name's first two digits");
        assert_eq!(sha256_of_key("9f/9F86"), None);
    }
}
