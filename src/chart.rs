//! The `/stats` chart: orders (top) and revenue, cost and profit (bottom) per day as a PNG,
//! drawn in-process into a pixel buffer with an embedded font (DejaVu Sans, `assets/fonts/`),
//! so it needs no system library or font.

use std::sync::OnceLock;

use plotters::coord::Shift;
use plotters::coord::combinators::BindKeyPoints;
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
const COST_COLOUR: RGBColor = RGBColor(230, 145, 56);
const PROFIT_COLOUR: RGBColor = RGBColor(142, 68, 173);

/// Each day is this many x units wide: a gap, the three money bars two units each (or the
/// orders bar across all of them), a gap. The middle of the day, where its date goes, is a whole
/// unit.
const DAY_UNITS: i32 = 8;
const DAY_MIDDLE: i32 = DAY_UNITS / 2;
/// A date under every third day, counted back from today, so today's bar always has one.
const DATE_EVERY: usize = 3;

/// The chart's words, in the reader's language.
#[derive(Debug, Clone)]
pub struct ChartLabels {
    pub orders: String,
    /// The money panel's title.
    pub money: String,
    pub revenue: String,
    pub cost: String,
    pub profit: String,
}

/// One bar series: its legend, colour and a value per day.
struct Series<'a> {
    label: &'a str,
    colour: RGBColor,
    values: Vec<i64>,
}

/// Draws orders (top), and revenue, cost and profit side by side (bottom), per day; returns
/// the PNG. A day's cost and profit count the orders whose cost is known (0 while none is).
pub fn render(days: &[DayFigures], currency: &Currency, labels: &ChartLabels) -> Result<Vec<u8>> {
    let font = font()?;
    let mut pixels = vec![0u8; WIDTH as usize * HEIGHT as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut pixels, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(drawing)?;
        let (top, bottom) = root.split_vertically(HEIGHT * 2 / 5);
        let orders = Series {
            label: &labels.orders,
            colour: ORDERS_COLOUR,
            values: days.iter().map(|d| i64::from(d.orders)).collect(),
        };
        let money = [
            Series {
                label: &labels.revenue,
                colour: REVENUE_COLOUR,
                values: days.iter().map(|d| d.revenue_minor).collect(),
            },
            Series {
                label: &labels.cost,
                colour: COST_COLOUR,
                values: days.iter().map(|d| d.cost_minor.unwrap_or(0)).collect(),
            },
            Series {
                label: &labels.profit,
                colour: PROFIT_COLOUR,
                values: days.iter().map(|d| d.profit_minor.unwrap_or(0)).collect(),
            },
        ];
        // Axis labels in major units (whole ones when the values allow), without the code: the
        // title names the currency.
        let major = |minor: &i64| currency.to_decimal(*minor).normalize().to_string();
        draw_panel(&top, font, &labels.orders, days, &[orders], &i64::to_string)?;
        draw_panel(&bottom, font, &labels.money, days, &money, &major)?;
        root.present().map_err(drawing)?;
    }
    encode_png(&pixels)
}

/// One panel: the series' bars side by side in each day, dates under every few days, and a
/// legend when there is more than one series.
fn draw_panel(
    area: &DrawingArea<BitMapBackend<'_>, Shift>,
    font: FontFamily<'static>,
    title: &str,
    days: &[DayFigures],
    series: &[Series<'_>],
    format: &dyn Fn(&i64) -> String,
) -> Result<()> {
    let all = || series.iter().flat_map(|s| s.values.iter().copied());
    let high = all().max().unwrap_or(0).max(1);
    let low = all().min().unwrap_or(0).min(0);
    // Headroom past the longest bars, so that they do not touch the frame.
    let (low, high) = (low + low / 10 - i64::from(low < 0), high + high / 10 + 1);
    let day_count = i32::try_from(days.len()).unwrap_or(i32::MAX / DAY_UNITS);
    let dated: Vec<i32> = (0..day_count)
        .filter(|day| (days.len() - 1 - *day as usize).is_multiple_of(DATE_EVERY))
        .map(|day| day * DAY_UNITS + DAY_MIDDLE)
        .collect();
    let mut chart = ChartBuilder::on(area)
        .caption(title, (font, 20))
        .margin(10)
        .x_label_area_size(24)
        .y_label_area_size(64)
        .build_cartesian_2d((0..day_count * DAY_UNITS).with_key_points(dated), low..high)
        .map_err(drawing)?;
    let date = |x: &i32| {
        usize::try_from(x / DAY_UNITS)
            .ok()
            .and_then(|day| days.get(day))
            .and_then(|day| chrono::DateTime::from_timestamp(day.starts_at, 0))
            .map(|at| at.format("%d.%m").to_string())
            .unwrap_or_default()
    };
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_label_formatter(&date)
        .y_labels(5)
        .y_label_formatter(&format)
        .label_style((font, 13))
        .max_light_lines(1)
        .light_line_style(RGBColor(236, 236, 236))
        .draw()
        .map_err(drawing)?;
    // The bars of a day share its width, less a unit of gap on each side.
    let count = i32::try_from(series.len()).unwrap_or(1).max(1);
    let width = (DAY_UNITS - 2) / count;
    for (index, one) in (0..count).zip(series) {
        let colour = one.colour;
        let bars = (0..day_count).zip(&one.values).map(move |(day, value)| {
            let left = day * DAY_UNITS + 1 + index * width;
            Rectangle::new([(left, 0), (left + width, *value)], colour.filled())
        });
        let drawn = chart.draw_series(bars).map_err(drawing)?;
        if series.len() > 1 {
            drawn
                .label(one.label)
                .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 12, y + 5)], colour.filled()));
        }
    }
    if series.len() > 1 {
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .label_font((font, 13))
            .background_style(WHITE.mix(0.85))
            .border_style(RGBColor(200, 200, 200))
            .draw()
            .map_err(drawing)?;
    }
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
        let rub = Currency::parse("RUB").unwrap();
        let first = day_start(1_710_082_800) - 29 * DAY_SECS;
        let days: Vec<DayFigures> = (0..30)
            .map(|day| DayFigures {
                starts_at: first + day * DAY_SECS,
                orders: (day % 7) as u32,
                revenue_minor: day * 1234,
                cost_minor: (day > 3).then_some(day * 234),
                // Some days at a loss, below the axis.
                profit_minor: (day > 3).then_some(day * 1000 - 12_000),
            })
            .collect();
        let labels = ChartLabels {
            orders: "Заказы в день".into(),
            money: "Money per day, RUB".into(),
            revenue: "Revenue".into(),
            cost: "Cost".into(),
            profit: "Profit".into(),
        };
        let png = render(&days, &rub, &labels).unwrap();
        let decoder = png::Decoder::new(std::io::Cursor::new(png));
        let reader = decoder.read_info().unwrap();
        assert_eq!((reader.info().width, reader.info().height), (WIDTH, HEIGHT));
    }
}
