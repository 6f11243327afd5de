//! Decoding an upload (PNG, JPEG or WebP, checked by its bytes), refusing decompression bombs,
//! and re-encoding it without metadata at the widths a page's `srcset` asks for.

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::imageops::FilterType;
use image::{DynamicImage, ImageEncoder, ImageFormat, ImageReader, Limits};
use std::fmt::Debug;
use std::io::Cursor;

/// The largest upload accepted, in bytes.
pub const MAX_UPLOAD_BYTES: usize = 8 * 1024 * 1024;

/// Decoded size limits: a small file can claim enormous dimensions (a decompression bomb).
const MAX_SIDE: u32 = 10_000;

const MAX_PIXELS: u64 = 40_000_000;

const MAX_DECODE_BYTES: u64 = 256 * 1024 * 1024;

const JPEG_QUALITY: u8 = 82;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MediaError {
    #[error("Choose an image file.")]
    Empty,
    #[error("The file is larger than 8 MB. Export a smaller image and try again.")]
    TooLarge,
    #[error("This file is not a PNG, JPEG or WebP image.")]
    NotAnImage,
    #[error("The image is damaged and cannot be read. Export it again and retry.")]
    Corrupt,
    #[error("The image is too large in pixels (at most {MAX_SIDE} pixels a side and 40 megapixels).")]
    TooManyPixels,
    #[error("The image is too small: use at least {0} pixels wide.")]
    TooNarrow(u32),
}

/// One stored rendition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendition {
    pub width: u32,
    pub height: u32,
    pub name: String,
    pub bytes: Vec<u8>,
    pub content_type: &'static str,
}

/// Decodes `bytes` (PNG, JPEG or WebP only, whatever the file was called), and renders it at
/// each of `widths` not wider than the original (the original width stands in when all are).
pub fn process(bytes: &[u8], widths: &[u32], min_width: u32) -> Result<Vec<Rendition>, MediaError> {
    if bytes.is_empty() {
        return Err(MediaError::Empty);
    }
    if bytes.len() > MAX_UPLOAD_BYTES {
        return Err(MediaError::TooLarge);
    }
    let format = image::guess_format(bytes).map_err(|_| MediaError::NotAnImage)?;
    if !matches!(format, ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::WebP) {
        return Err(MediaError::NotAnImage);
    }
    let reader = || {
        let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
        let mut limits = Limits::default();
        limits.max_image_width = Some(MAX_SIDE);
        limits.max_image_height = Some(MAX_SIDE);
        limits.max_alloc = Some(MAX_DECODE_BYTES);
        reader.limits(limits);
        reader
    };
    // Dimensions come from the header alone, before anything is allocated for pixels.
    let (width, height) = reader().into_dimensions().map_err(classify)?;
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(MediaError::TooManyPixels);
    }
    if width < min_width {
        return Err(MediaError::TooNarrow(min_width));
    }
    let image = reader().decode().map_err(classify)?;
    let transparent = image.color().has_alpha() && image.to_rgba8().pixels().any(|p| p.0[3] < 255);
    let mut targets: Vec<u32> = widths.iter().copied().filter(|w| *w < width).collect();
    if targets.len() < widths.len() {
        targets.push(width);
    }
    targets.sort_unstable();
    targets.dedup();
    targets.into_iter().map(|w| render(&image, w, transparent)).collect()
}

fn classify(err: image::ImageError) -> MediaError {
    match err {
        image::ImageError::Limits(_) => MediaError::TooManyPixels,
        image::ImageError::Unsupported(_) => MediaError::NotAnImage,
        _ => MediaError::Corrupt,
    }
}

/// Re-encodes at `width`: PNG where there is transparency (logos), JPEG otherwise. Encoding
/// from decoded pixels drops every piece of metadata (EXIF location, camera, comments).
fn render(image: &DynamicImage, width: u32, transparent: bool) -> Result<Rendition, MediaError> {
    let scaled =
        if width < image.width() { image.resize(width, u32::MAX, FilterType::CatmullRom) } else { image.clone() };
    let mut bytes = Vec::new();
    let (extension, content_type) = if transparent {
        let rgba = scaled.to_rgba8();
        PngEncoder::new(&mut bytes)
            .write_image(&rgba, rgba.width(), rgba.height(), image::ExtendedColorType::Rgba8)
            .map_err(|_| MediaError::Corrupt)?;
        ("png", "image/png")
    } else {
        let rgb = scaled.to_rgb8();
        JpegEncoder::new_with_quality(&mut bytes, JPEG_QUALITY)
            .write_image(&rgb, rgb.width(), rgb.height(), image::ExtendedColorType::Rgb8)
            .map_err(|_| MediaError::Corrupt)?;
        ("jpg", "image/jpeg")
    };
    let digest = crate::server::token_digest_bytes(&bytes);
    Ok(Rendition {
        width: scaled.width(),
        height: scaled.height(),
        name: format!("{}-{}.{extension}", &digest[..24], scaled.width()),
        bytes,
        content_type,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{ImageBuffer, Rgb, Rgba};

    fn encode(image: DynamicImage, format: ImageFormat) -> Vec<u8> {
        let mut bytes = Cursor::new(Vec::new());
        image.write_to(&mut bytes, format).unwrap();
        bytes.into_inner()
    }

    fn photo(width: u32, height: u32) -> DynamicImage {
        DynamicImage::ImageRgb8(ImageBuffer::from_fn(width, height, |x, y| Rgb([(x % 256) as u8, (y % 256) as u8, 90])))
    }

    #[test]
    fn photos_become_jpeg_renditions_no_wider_than_the_original() {
        let bytes = encode(photo(1000, 500), ImageFormat::Png);
        let out = process(&bytes, &[320, 640, 1280], 100).unwrap();
        assert_eq!(out.iter().map(|r| (r.width, r.height)).collect::<Vec<_>>(), [(320, 160), (640, 320), (1000, 500)]);
        assert!(out.iter().all(|r| r.content_type == "image/jpeg" && r.name.ends_with(".jpg")));
        assert_eq!(image::guess_format(&out[0].bytes).unwrap(), ImageFormat::Jpeg);
        // Content-addressed: the same input gives the same names.
        assert_eq!(process(&bytes, &[320, 640, 1280], 100).unwrap()[0].name, out[0].name);
    }

    #[test]
    fn transparency_is_kept_as_png() {
        let logo = DynamicImage::ImageRgba8(ImageBuffer::from_fn(200, 100, |x, _| {
            Rgba([10, 20, 30, if x < 100 { 0 } else { 255 }])
        }));
        let out = process(&encode(logo, ImageFormat::Png), &[160, 320], 50).unwrap();
        assert_eq!(out.iter().map(|r| r.width).collect::<Vec<_>>(), [160, 200]);
        assert!(out.iter().all(|r| r.content_type == "image/png"));
    }

    #[test]
    fn jpeg_and_webp_are_accepted_and_metadata_is_dropped() {
        let mut jpeg = encode(photo(400, 300), ImageFormat::Jpeg);
        // An EXIF-like APP1 segment right after the SOI marker.
        let exif: Vec<u8> = [&[0xFF, 0xE1, 0x00, 0x12][..], b"Exif\0\0GPS-SECRET!"].concat();
        jpeg.splice(2..2, exif);
        let out = process(&jpeg, &[320], 100).unwrap();
        assert!(!out.iter().any(|r| r.bytes.windows(10).any(|w| w == b"GPS-SECRET")));
        let webp = encode(photo(300, 200), ImageFormat::WebP);
        assert_eq!(process(&webp, &[320], 100).unwrap()[0].width, 300);
    }

    #[test]
    fn bad_files_are_refused_with_a_reason() {
        assert_eq!(process(b"", &[320], 1), Err(MediaError::Empty));
        assert_eq!(process(b"<svg onload=alert(1)>", &[320], 1), Err(MediaError::NotAnImage));
        assert_eq!(process(b"%PDF-1.7 not an image", &[320], 1), Err(MediaError::NotAnImage));
        let gif = encode(photo(10, 10), ImageFormat::Gif);
        assert_eq!(process(&gif, &[320], 1), Err(MediaError::NotAnImage));
        let mut truncated = encode(photo(400, 300), ImageFormat::Png);
        truncated.truncate(truncated.len() / 2);
        assert_eq!(process(&truncated, &[320], 1), Err(MediaError::Corrupt));
        assert_eq!(process(&vec![0xFF; MAX_UPLOAD_BYTES + 1], &[320], 1), Err(MediaError::TooLarge));
        assert_eq!(process(&encode(photo(80, 80), ImageFormat::Png), &[320], 100), Err(MediaError::TooNarrow(100)));
    }

    /// CRC-32 (IEEE), as PNG chunks carry it.
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = !0u32;
        for byte in bytes {
            crc ^= u32::from(*byte);
            for _ in 0..8 {
                crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }

    /// A small valid PNG whose header claims `side` × `side` pixels.
    fn claimed_png(side: u32) -> Vec<u8> {
        let mut png = encode(photo(1, 1), ImageFormat::Png);
        png[16..20].copy_from_slice(&side.to_be_bytes());
        png[20..24].copy_from_slice(&side.to_be_bytes());
        let crc = crc32(&png[12..29]);
        png[29..33].copy_from_slice(&crc.to_be_bytes());
        png
    }

    #[test]
    fn decompression_bombs_are_refused_before_decoding() {
        // A few dozen bytes claiming 60,000 × 60,000 pixels (14 GB decoded), and 9,000 × 9,000.
        assert_eq!(process(&claimed_png(60_000), &[320], 1), Err(MediaError::TooManyPixels));
        assert_eq!(process(&claimed_png(9_000), &[320], 1), Err(MediaError::TooManyPixels));
    }
}
