//! The `/stats` chart: orders and revenue per day as a PNG, drawn in-process into a pixel buffer
//! with an embedded font (DejaVu Sans, `assets/fonts/`), so it needs no system library or font.

use std::sync::OnceLock;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::register_font;

use crate::error::{Error, Result};
use crate::money::Currency;
use crate::stats::DayFigures;

pub const WIDTH: u32 = 1000;
pub const HEIGHT: u32 = 640;

const FONT_NAME: &str = "DejaVu Sans";
static FONT: &[u8] = include_bytes!("../assets/fonts/DejaVuSans.ttf");

const ORDERS_COLOUR: RGBColor = RGBColor(52, 120, 246);
const REVENUE_COLOUR: RGBColor = RGBColor(46, 160, 67);

/// The chart's words, in the reader's language.
#[derive(Debug, Clone)]
pub struct ChartLabels {
    pub orders: String,
    pub revenue: String,
}

/// Draws orders (top) and revenue (bottom) per day, one bar a day, and returns the PNG.
pub fn render(days: &[DayFigures], currency: &Currency, labels: &ChartLabels) -> Result<Vec<u8>> {
    let font = font()?;
    let mut pixels = vec![0u8; WIDTH as usize * HEIGHT as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut pixels, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(drawing)?;
        let (top, bottom) = root.split_vertically(HEIGHT / 2);
        let orders: Vec<i64> = days.iter().map(|d| i64::from(d.orders)).collect();
        let revenue: Vec<i64> = days.iter().map(|d| d.revenue_minor).collect();
        // Axis labels in major units (whole ones when the values allow), without the code: the
        // title names the currency.
        let money = |minor: &i64| currency.to_decimal(*minor).normalize().to_string();
        draw_bars(
            &top,
            font,
            &labels.orders,
            days,
            &orders,
            ORDERS_COLOUR,
            &i64::to_string,
        )?;
        draw_bars(
            &bottom,
            font,
            &labels.revenue,
            days,
            &revenue,
            REVENUE_COLOUR,
            &money,
        )?;
        root.present().map_err(drawing)?;
    }
    encode_png(&pixels)
}

/// One panel: a bar per day, dates under every few bars.
fn draw_bars(
    area: &DrawingArea<BitMapBackend<'_>, Shift>,
    font: FontFamily<'static>,
    title: &str,
    days: &[DayFigures],
    values: &[i64],
    colour: RGBColor,
    format: &dyn Fn(&i64) -> String,
) -> Result<()> {
    let top = values.iter().copied().max().unwrap_or(0).max(1);
    let day_count = i32::try_from(days.len()).unwrap_or(i32::MAX);
    let mut chart = ChartBuilder::on(area)
        .caption(title, (font, 22))
        .margin(12)
        .x_label_area_size(28)
        .y_label_area_size(64)
        // Headroom over the highest bar, so it does not touch the frame.
        .build_cartesian_2d((0..day_count).into_segmented(), 0..top + top / 10 + 1)
        .map_err(drawing)?;
    let date = |value: &SegmentValue<i32>| match value {
        SegmentValue::CenterOf(day) | SegmentValue::Exact(day) => usize::try_from(*day)
            .ok()
            .and_then(|day| days.get(day))
            .and_then(|day| chrono::DateTime::from_timestamp(day.starts_at, 0))
            .map(|at| at.format("%d.%m").to_string())
            .unwrap_or_default(),
        SegmentValue::Last => String::new(),
    };
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(days.len().div_ceil(3))
        .x_label_formatter(&date)
        .y_labels(6)
        .y_label_formatter(&format)
        .label_style((font, 13))
        .max_light_lines(1)
        .light_line_style(RGBColor(236, 236, 236))
        .draw()
        .map_err(drawing)?;
    chart
        .draw_series((0..day_count).zip(values).map(|(day, value)| {
            let mut bar = Rectangle::new(
                [
                    (SegmentValue::Exact(day), 0),
                    (SegmentValue::Exact(day + 1), *value),
                ],
                colour.filled(),
            );
            bar.set_margin(0, 0, 2, 2);
            bar
        }))
        .map_err(drawing)?;
    Ok(())
}

/// The embedded font, registered with plotters on first use.
fn font() -> Result<FontFamily<'static>> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    let registered = *REGISTERED.get_or_init(|| register_font(FONT_NAME, FontStyle::Normal, FONT).is_ok());
    if registered {
        Ok(FontFamily::Name(FONT_NAME))
    } else {
        Err(Error::Internal("the chart font does not load".into()))
    }
}

fn encode_png(rgb: &[u8]) -> Result<Vec<u8>> {
    let mut png = Vec::new();
    let mut encoder = png::Encoder::new(&mut png, WIDTH, HEIGHT);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().map_err(encoding)?;
    writer.write_image_data(rgb).map_err(encoding)?;
    writer.finish().map_err(encoding)?;
    Ok(png)
}

fn drawing(e: impl std::fmt::Display) -> Error {
    Error::Internal(format!("drawing the chart failed: {e}"))
}

fn encoding(e: png::EncodingError) -> Error {
    Error::Internal(format!("encoding the chart failed: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::{DAY_SECS, day_start};

    #[test]
    fn a_month_renders_as_a_png_of_the_chart_size() {
        let first = day_start(1_710_082_800) - 29 * DAY_SECS;
        let days: Vec<DayFigures> = (0..30)
            .map(|day| DayFigures {
                starts_at: first + day * DAY_SECS,
                orders: (day % 7) as u32,
                revenue_minor: day * 1234,
            })
            .collect();
        let labels = ChartLabels {
            orders: "Заказы в день".into(),
            revenue: "Revenue per day, RUB".into(),
        };
        let png = render(&days, &Currency::parse("RUB").unwrap(), &labels).unwrap();
        let decoder = png::Decoder::new(std::io::Cursor::new(png));
        let reader = decoder.read_info().unwrap();
        assert_eq!((reader.info().width, reader.info().height), (WIDTH, HEIGHT));
    }
}
