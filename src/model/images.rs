//! The images of `static/` that pages may show: each one's kind, size and credit (from
//! its sidecar `x.jpg.toml`, parsed here), keyed by its path relative to `static/`.
//! A sidecar that does not parse is an error in the sidecar's own file.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::diag::Diagnostics;
use crate::parse::components::{parse_sidecar, Sidecar};
use crate::parse::config::ImageSettings;
use crate::read::images::StaticImage;

/// What a page needs to know of one image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageInfo {
    /// Raster (published as variants) or SVG (copied as it is).
    pub raster: bool,
    /// Width and height in pixels, when the file says.
    pub size: Option<(u32, u32)>,
    /// The sidecar's defaults; a `figure` block's own fields win.
    pub sidecar: Option<Sidecar>,
    /// The sidecar did not parse (and was reported): its image's missing credit is not
    /// reported again.
    pub sidecar_broken: bool,
}

/// Every image of `static/`, by path relative to it (`img/x.jpg`), and the widths and
/// formats raster ones are published in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Images {
    pub map: BTreeMap<String, ImageInfo>,
    pub settings: ImageSettings,
}

impl Images {
    /// The catalogue of `images`, with the errors of their sidecars.
    pub fn new(images: &[StaticImage], settings: ImageSettings, diags: &mut Diagnostics) -> Images {
        let mut map = BTreeMap::new();
        for image in images {
            let parsed = image.sidecar.as_deref().map(|text| {
                let file = PathBuf::from(format!("static/{}.toml", image.path));
                parse_sidecar(&file, text).map_err(|d| diags.push(d)).ok()
            });
            let sidecar_broken = matches!(parsed, Some(None));
            map.insert(
                image.path.clone(),
                ImageInfo {
                    raster: image.raster,
                    size: image.size,
                    sidecar: parsed.flatten(),
                    sidecar_broken,
                },
            );
        }
        Images { map, settings }
    }

    pub fn get(&self, path: &str) -> Option<&ImageInfo> {
        self.map.get(path)
    }

    /// The paths, for "did you mean" hints.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.map.keys().map(String::as_str)
    }
}
