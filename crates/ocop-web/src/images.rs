//! Product photos as they are stored: decoded in full (a JPEG, PNG or WebP signature followed
//! by anything else is refused), their size checked from the header before any pixel is
//! decoded, and re-encoded in the same format. Re-encoding drops EXIF (phones write the GPS
//! location there), XMP, comments and any bytes after the image; the EXIF orientation is
//! applied to the pixels first and the colour profile is kept.
//!
//! Decoding is CPU-bound and memory-hungry: call [`clean`] through [`crate::heavy::run`].

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, FilterType, PngEncoder};
use image::codecs::webp::WebPEncoder;
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageEncoder, ImageFormat, ImageReader};

/// Largest accepted width and height, in pixels.
pub const MAX_SIDE: u32 = 8_000;
/// Largest accepted image, in pixels (40 megapixels: 160 MB once decoded as RGBA).
pub const MAX_PIXELS: u64 = 40_000_000;
/// Visually lossless for photos, and close to what phones write.
const JPEG_QUALITY: u8 = 90;

#[derive(Debug, thiserror::Error)]
pub enum PhotoError {
    #[error("Ảnh phải là tệp JPEG, PNG hoặc WebP")]
    NotAnImage,
    #[error("Tệp không phải ảnh {0} hợp lệ: không đọc được nội dung ảnh")]
    Unreadable(&'static str),
    #[error(
        "Ảnh {width}×{height} điểm ảnh quá lớn: tối đa {MAX_SIDE}×{MAX_SIDE} và 40 triệu điểm ảnh"
    )]
    TooLarge { width: u32, height: u32 },
    /// Our own encoder failed: not the uploader's fault.
    #[error("không ghi lại được ảnh: {0}")]
    Encode(#[source] image::ImageError),
}

/// A photo ready to store.
#[derive(Debug)]
pub struct CleanPhoto {
    pub bytes: Vec<u8>,
    pub content_type: &'static str,
}

/// The accepted formats, recognised by their first bytes (the name and the declared type of
/// an upload are not trusted).
fn format_of(bytes: &[u8]) -> Option<ImageFormat> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(ImageFormat::Jpeg)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(ImageFormat::Png)
    } else if bytes.len() > 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some(ImageFormat::WebP)
    } else {
        None
    }
}

fn name_of(format: ImageFormat) -> &'static str {
    match format {
        ImageFormat::Png => "PNG",
        ImageFormat::WebP => "WebP",
        _ => "JPEG",
    }
}

/// Checks and re-encodes an uploaded photo.
pub fn clean(bytes: &[u8]) -> Result<CleanPhoto, PhotoError> {
    let format = format_of(bytes).ok_or(PhotoError::NotAnImage)?;
    let unreadable = |_| PhotoError::Unreadable(name_of(format));
    // Building the decoder reads the header only.
    let mut decoder = ImageReader::with_format(Cursor::new(bytes), format)
        .into_decoder()
        .map_err(unreadable)?;
    let (width, height) = decoder.dimensions();
    if width > MAX_SIDE || height > MAX_SIDE || u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(PhotoError::TooLarge { width, height });
    }
    // Broken metadata does not make a broken picture: without it, no rotation and no profile.
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let icc_profile = decoder.icc_profile().ok().flatten();
    let mut image = DynamicImage::from_decoder(decoder).map_err(unreadable)?;
    image.apply_orientation(orientation);

    let mut out = Vec::new();
    let written = match format {
        ImageFormat::Png => write(
            &image,
            PngEncoder::new_with_quality(&mut out, CompressionType::Default, FilterType::Adaptive),
            icc_profile,
        ),
        // Lossless: the encoder the image crate has for WebP.
        ImageFormat::WebP => write(&image, WebPEncoder::new_lossless(&mut out), icc_profile),
        _ => {
            // The JPEG encoder takes grey or RGB pixels.
            if !matches!(image, DynamicImage::ImageLuma8(_)) {
                image = DynamicImage::ImageRgb8(image.to_rgb8());
            }
            write(
                &image,
                JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY),
                icc_profile,
            )
        }
    };
    written.map_err(PhotoError::Encode)?;
    Ok(CleanPhoto {
        bytes: out,
        content_type: format.to_mime_type(),
    })
}

fn write(
    image: &DynamicImage,
    mut encoder: impl ImageEncoder,
    icc_profile: Option<Vec<u8>>,
) -> image::ImageResult<()> {
    if let Some(profile) = icc_profile {
        // An encoder that cannot embed a profile writes the picture without it.
        let _ = encoder.set_icc_profile(profile);
    }
    image.write_with_encoder(encoder)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encoded(image: &DynamicImage, format: ImageFormat) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        image.write_to(&mut out, format).unwrap();
        out.into_inner()
    }

    #[test]
    fn keeps_the_format_and_the_pixels_size() {
        let image = DynamicImage::new_rgba8(5, 3);
        for (format, content_type) in [
            (ImageFormat::Png, "image/png"),
            (ImageFormat::WebP, "image/webp"),
        ] {
            let photo = clean(&encoded(&image, format)).unwrap();
            assert_eq!(photo.content_type, content_type);
            let back = image::load_from_memory_with_format(&photo.bytes, format).unwrap();
            assert_eq!((back.width(), back.height()), (5, 3));
        }
        let rgb = DynamicImage::new_rgb8(5, 3);
        let photo = clean(&encoded(&rgb, ImageFormat::Jpeg)).unwrap();
        assert_eq!(photo.content_type, "image/jpeg");
    }

    #[test]
    fn refuses_what_is_not_a_whole_image() {
        assert!(matches!(clean(b""), Err(PhotoError::NotAnImage)));
        assert!(matches!(clean(b"%PDF-1.7"), Err(PhotoError::NotAnImage)));
        let png = encoded(&DynamicImage::new_rgb8(40, 40), ImageFormat::Png);
        assert!(matches!(
            clean(&png[..png.len() / 2]),
            Err(PhotoError::Unreadable("PNG"))
        ));
        assert!(matches!(
            clean(b"\xFF\xD8\xFF<html><script>alert(1)</script></html>"),
            Err(PhotoError::Unreadable("JPEG"))
        ));
    }

    #[test]
    fn trailing_bytes_are_dropped() {
        let mut png = encoded(&DynamicImage::new_rgb8(2, 2), ImageFormat::Png);
        png.extend_from_slice(b"<html><script>alert(1)</script></html>");
        let photo = clean(&png).unwrap();
        assert!(!photo.bytes.windows(6).any(|w| w == b"<html>"));
    }
}
