"""The theme's dimension groups: rules, boxes, tables, figures, charts, page furniture and packs. No ReportLab.

Input: nothing; these are declarations. Output: frozen dataclasses that
``Theme`` holds, one per group. Each field declares its kind (``length``,
``fraction``, ``group`` ...) and a description in its metadata; the theme
loader makes the theme file's checks and its JSON Schema from them, so a
field added here and given its value in assets/themes/default.yaml is one a
theme file may set. Lengths are PDF points.
"""

from __future__ import annotations

from dataclasses import field

from briefgen.records import record


def length(description: str) -> dict[str, str]:
    """Return the metadata of a length in points; a theme file may write it relative to the body (``leading * 0.7``)."""
    return {"kind": "length", "description": description}


def fraction(description: str) -> dict[str, str]:
    """Return the metadata of a fraction from 0 to 1."""
    return {"kind": "fraction", "description": description}


def group(description: str) -> dict[str, str]:
    """Return the metadata of a field that is a group of its own (its type is another of these dataclasses)."""
    return {"kind": "group", "description": description}


def flag(description: str) -> dict[str, str]:
    """Return the metadata of a yes/no switch, written true or false."""
    return {"kind": "flag", "description": description}


def declared(kind: str, description: str) -> dict[str, str]:
    """Return the metadata of a field of another kind the theme loader knows (``dashes``, ``markers``)."""
    return {"kind": kind, "description": description}


@record
class RuleLook:
    """A full-width rule."""

    width: float = field(metadata=length("The rule's width."))
    space_before: float = field(metadata=length("The space above it."))
    space_after: float = field(metadata=length("The space below it."))


@record
class QuoteLook:
    """The vertical rule beside a block quotation."""

    width: float = field(metadata=length("The rule's width."))
    indent: float = field(metadata=length("How far the quotation's text is set in from the rule's left edge."))
    inset: float = field(metadata=length("How much shorter than the text the rule is, at top and bottom."))


@record
class Rules:
    """The rules the layout draws."""

    title: RuleLook = field(metadata=group("The rule under the title block."))
    quote: QuoteLook = field(metadata=group("The rule beside a block quotation."))


@record
class BoxLook:
    """A tinted, bordered box."""

    border: float = field(metadata=length("The border's width."))
    padding: float = field(metadata=length("The space between the border and the content."))
    space_before: float = field(metadata=length("The space above the box."))
    space_after: float = field(metadata=length("The space below the box."))


@record
class Boxes:
    """The boxes the layout draws."""

    key_points: BoxLook = field(metadata=group("The key points box."))
    callout: BoxLook = field(metadata=group("A callout."))


@record
class CellPadding:
    """The space between a table cell's edges and its text."""

    left: float = field(metadata=length("Left of the text."))
    right: float = field(metadata=length("Right of the text."))
    top: float = field(metadata=length("Above the text."))
    bottom: float = field(metadata=length("Below the text."))


@record
class TableRules:
    """The widths of a table's horizontal rules."""

    top: float = field(metadata=length("The rule above the header row."))
    header: float = field(metadata=length("The rule under the header row."))
    rows: float = field(metadata=length("The rules between body rows."))
    bottom: float = field(metadata=length("The rule under the last row."))


@record
class TableLook:
    """How tables are drawn."""

    padding: CellPadding = field(metadata=group("Cell padding."))
    rules: TableRules = field(metadata=group("Rule widths."))
    space_before: float = field(metadata=length("The space between the caption and the table."))
    space_after: float = field(metadata=length("The space between the table and its source line."))
    caption_keep: float = field(
        metadata=length(
            "Room for rules and padding, besides two caption lines and four lines of cells, that must fit "
            "under a table's caption, or the caption moves to the next page."
        )
    )
    smallest_type: float = field(
        metadata=fraction(
            "How small a table's type may be set (a fraction of its size, with its leading and padding) so that "
            "every column's longest word fits; a table that would need it smaller keeps its size and breaks words."
        )
    )


@record
class FigureLook:
    """How figures are placed."""

    max_height: float = field(metadata=fraction("The tallest a figure may be, as a share of the text's height."))
    space_before: float = field(metadata=length("The space above the image."))
    space_after: float = field(metadata=length("The space below the image."))


@record
class ChartHeight:
    """How tall a bar or line chart is."""

    share: float = field(metadata=fraction("Its height as a share of its width, before the limits apply."))
    min: float = field(metadata=length("The least height."))
    max: float = field(metadata=length("The greatest height."))
    plot_min: float = field(
        metadata=length("The least height of the plot itself; long slanted labels make the chart taller.")
    )


@record
class BarLook:
    """Bars and their value labels."""

    share: float = field(
        metadata=fraction("The share of each category's slot its bars take; the rest is space between groups.")
    )
    outline: float = field(metadata=length("The width of each bar's outline."))
    label_gap: float = field(metadata=length("The space between a bar and its value."))
    label_overhang: float = field(
        metadata=length("How much wider than its bar a value may be before it is set smaller.")
    )
    small_label: float = field(
        metadata=fraction("The size of a value set smaller, as a share of the chart's text size.")
    )
    hatch_spacing: float = field(metadata=length("The distance between hatching lines (third and later series)."))
    hatch_width: float = field(metadata=length("The width of hatching lines."))


@record
class LegendLook:
    """The key above a bar chart of several series."""

    swatch: float = field(metadata=length("The width of each series' sample bar."))
    swatch_drop: float = field(metadata=length("How far the sample sits below the name's baseline."))
    text_offset: float = field(metadata=length("The distance from a sample's left edge to its name."))
    spacing: float = field(metadata=length("The space after each name."))
    gap: float = field(metadata=length("The space between the key and the plot."))


@record
class LineLook:
    """Lines, their markers, values and names."""

    width: float = field(metadata=length("The width of each series' line."))
    dashes: tuple[tuple[float, ...], ...] = field(
        metadata=declared("dashes", "Dash patterns, one per series in turn: lengths of dash and gap; [] is solid.")
    )
    markers: tuple[str, ...] = field(metadata=declared("markers", "Marker shapes, one per series in turn."))
    marker_size: float = field(metadata=length("A marker's radius."))
    marker_outline: float = field(metadata=length("The width of the paper-coloured outline round each marker."))
    label_gap: float = field(metadata=length("The space between a point and its value."))
    name_gap: float = field(metadata=length("The space between a line's end and its name."))
    name_room: float = field(metadata=length("The room kept right of the plot beyond the widest series name."))


@record
class PieLook:
    """Pie charts and their labels."""

    min_radius: float = field(metadata=length("The smallest radius."))
    max_radius: float = field(metadata=length("The largest radius."))
    label_room: float = field(metadata=length("Width kept free besides the pie and its widest labels on both sides."))
    margin: float = field(metadata=length("Height added to the pie and two lines of labels."))
    outline: float = field(metadata=length("The width of the lines between slices."))
    label_distance: float = field(metadata=length("How far labels stand out from the pie's edge."))
    label_gap: float = field(metadata=length("The least space between two labels on one side."))
    leader_gap: float = field(metadata=length("The space between a leader line's end and its label."))
    leader_width: float = field(metadata=length("The width of the leader lines."))


@record
class ChartLook:
    """How charts are drawn. Text is set in the ``chart`` style; colours are the theme's chart colours."""

    space_before: float = field(metadata=length("The space above a chart."))
    space_after: float = field(metadata=length("The space below a chart."))
    height: ChartHeight = field(metadata=group("How tall a bar or line chart is."))
    edge: float = field(metadata=length("The blank margin inside the drawing's edges."))
    tick_gap: float = field(metadata=length("The space between a tick label and the plot."))
    axis_label_gap: float = field(metadata=length("The space between an axis label and the tick or category labels."))
    category_gap: float = field(metadata=length("The space between the plot and the category labels."))
    category_inset: float = field(metadata=length("How much narrower than its slot a category label is wrapped."))
    category_min_width: float = field(metadata=length("The narrowest a category label is wrapped to."))
    line_gap: float = field(metadata=length("The space between lines of a label, and between stacked series names."))
    axis_width: float = field(metadata=length("The width of the zero line."))
    grid_width: float = field(metadata=length("The width of the grid lines."))
    bars: BarLook = field(metadata=group("Bars and their value labels."))
    legend: LegendLook = field(metadata=group("The key above a bar chart of several series."))
    lines: LineLook = field(metadata=group("Lines, markers and series names."))
    pie: PieLook = field(metadata=group("Pie charts."))


@record
class FooterLook:
    """Where the running footer goes, on every page of a brief and a pack."""

    drop: float = field(metadata=length("How far the footer's baseline is below the bottom margin."))
    rule_rise: float = field(metadata=length("How far the rule above the footer is above the footer's baseline."))
    rule_width: float = field(metadata=length("The width of the rule above the footer."))
    text_share: float = field(
        metadata=fraction("The share of the text width the footer's text may take; the page number has the rest.")
    )
    logo_max_height: float = field(metadata=length("The tallest a footer logo may be (it stays clear of the rule)."))
    logo_gap: float = field(metadata=length("The space between a footer logo and the footer's text."))
    logo_drop: float = field(metadata=length("How far a footer logo's foot is below the footer's baseline."))


@record
class BannerLook:
    """Where the classification banners go."""

    rise: float = field(metadata=length("How far the top banner's baseline is above the top margin."))
    drop: float = field(metadata=length("How far the bottom banner's baseline is below the footer's baseline."))
    room: float = field(
        metadata=length("How much the text area shrinks at its top and its foot when the page has banners.")
    )


@record
class WatermarkLook:
    """How the watermark is drawn across each page (its font and largest size: the ``watermark`` style)."""

    opacity: float = field(metadata=fraction("Its opacity: 0 is invisible, 1 is solid."))
    span: float = field(metadata=fraction("The share of the page's diagonal it may span."))


@record
class CopyMarkLook:
    """How a numbered copy is marked (its text: the ``copy`` and ``copy.watermark`` styles).

    "Copy 7 of 20 – J. Smith" goes on the footer's second line, in the corner
    a pack footer leaves free; the name across each page is optional.
    """

    banner_gap: float = field(
        metadata=length("The least space between the mark and the classification banner beside it.")
    )
    watermark: bool = field(
        metadata=flag("Whether each copy also carries its name (or its number) lightly across every page.")
    )
    opacity: float = field(metadata=fraction("That watermark's opacity: 0 is invisible, 1 is solid."))
    span: float = field(metadata=fraction("The share of the page's diagonal that watermark may span."))
    watermark_gap: float = field(
        metadata=length("The space between that watermark and a DRAFT watermark above it, when a page has both.")
    )
    smallest_size: float = field(
        metadata=length(
            "The smallest size a long mark is set at to fit beside the banner; a name that would need it smaller "
            "is refused, with the length that fits."
        )
    )


@record
class FurnitureLook:
    """What every page carries besides the text: footer, banners, watermark, bookmark positions."""

    footer: FooterLook = field(metadata=group("The running footer."))
    banner: BannerLook = field(metadata=group("The classification banners."))
    watermark: WatermarkLook = field(metadata=group("The watermark."))
    copy_mark: CopyMarkLook = field(metadata=group("A numbered copy's mark, and its name across the page."))
    bookmark_rise: float = field(metadata=length("How far above a heading's top a bookmark opens the page."))


@record
class PackCoverLook:
    """A meeting pack's cover: the meeting's organisation, title, date and place, and the rule under them."""

    drop: float = field(
        metadata=length("How far the cover's first baseline (the organisation's) is below the top margin.")
    )
    date_gap: float = field(
        metadata=fraction("The room added between the title and the date, as a share of the date's line spacing.")
    )
    rule_width: float = field(metadata=length("The width of the rule under the meeting's title, date and place."))
    rule_drop: float = field(
        metadata=length("How far the rule is below where a line would follow the last one above it.")
    )
    rule_gap: float = field(metadata=length("The space from the rule to the classification box or the agenda."))
    note_rise: float = field(
        metadata=length("How far the cover's last line, which counts the briefs and pages, is above the bottom margin.")
    )


@record
class MarkingBoxLook:
    """The tinted box on a pack's cover that shows the pack's classification."""

    border: float = field(metadata=length("The border's width."))
    padding: float = field(metadata=length("The space between the border and the text."))
    indent: float = field(metadata=length("How far the text is set in, inside the padding."))
    space_after: float = field(metadata=length("The space below the box."))


@record
class AgendaLook:
    """The agenda on a pack's cover."""

    heading_gap: float = field(metadata=length("The space between the agenda's heading and its first item."))
    marking_column: float = field(
        metadata=length("The width kept free right of each item's title for its brief's classification.")
    )
    subtitle_drop: float = field(
        metadata=length("How far a brief's subtitle's baseline is below its title's last line's descent.")
    )
    floor: float = field(
        metadata=length("How far above the bottom margin the agenda stops; a line counts the items left out.")
    )
    more_drop: float = field(
        metadata=length("How far that line's baseline is below where the first item left out would start.")
    )


@record
class ContentsLook:
    """The contents pages of a meeting pack."""

    drop: float = field(metadata=length("How far the contents heading's top is below the top margin."))
    rule_width: float = field(metadata=length("The width of the rule under the heading."))
    rule_space: float = field(
        metadata=length("The space between the heading's details and the first entry; the rule is in its middle.")
    )
    floor: float = field(
        metadata=length("How far above the bottom margin the entries stop; the rest go on to another page.")
    )
    page_column: float = field(metadata=length("The width of the page-number column."))
    page_gap: float = field(metadata=length("The space between an entry's title and the page-number column."))
    leader_step: float = field(metadata=length("The distance between the dots of an entry's leader."))
    leader_gap: float = field(metadata=length("The space between a leader and the text on either side of it."))
    leader_dot: float = field(
        metadata=length("Room for a dot itself: the leader's gap to the page number is kept from its last dot's end.")
    )
    link_rise: float = field(
        metadata=length("How far above an entry's title the area that links to its brief reaches.")
    )


@record
class PackLook:
    """A meeting pack's own pages: cover, agenda and contents (their text: the ``pack.*`` styles), and its footer."""

    label_width: float = field(
        metadata=length("The width of the agenda labels' column (Item 1 ...), on the cover and the contents.")
    )
    cover: PackCoverLook = field(metadata=group("The cover's title block and the rule under it."))
    marking_box: MarkingBoxLook = field(metadata=group("The classification box on the cover."))
    agenda: AgendaLook = field(metadata=group("The agenda on the cover."))
    contents: ContentsLook = field(metadata=group("The contents pages."))
    footer_gap: float = field(
        metadata=length("The least space between the centred classification banner and the pack footer beside it.")
    )
