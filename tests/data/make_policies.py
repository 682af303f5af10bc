"""Write the binary test fixtures (.docx, .pdf) from the fictional texts below: `python tests/data/make_policies.py`.

Every policy here is fictional and says so in its title; the shipped corpus stays the one real policy.
"""
from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent / "policies"

CITY = """FICTIONAL TEST POLICY: Shanghai city measures for drone logistics (not a real policy)
These measures are effective from Jan 1, 2025 and remain valid until Dec 31, 2027.
Chapter 1 General provisions
Article 1 Purpose. These measures support drone logistics across the city.
Article 2 Scope. Enterprises registered in Shanghai with good credit records may apply.
Chapter 2 Support
Article 3 Drone delivery routes may receive up to 8 million yuan per eligible project.
(1) Routes serving islands and rural areas.
(2) Routes serving hospitals.
Article 4 Drone pilot training may receive up to 2 million yuan per eligible project.
Source: Shanghai city government (fictional)"""

NATIONAL = """FICTIONAL TEST POLICY: National guidelines for quantum sensing pilots (not a real policy)
These guidelines are effective from Mar 1, 2025 and remain valid until Feb 28, 2030.
1. General
1.1 Purpose. The guidelines encourage quantum sensing pilots.
2. Support
2.1 Research. Pilot projects may receive up to 6 million yuan per eligible project.
2.1.1 Sensor prototypes for navigation.
2.2 Training. Training programmes may receive up to 1 million yuan per eligible project.
(1) Courses for engineers.
(2) Courses for technicians."""


def write_docx(path: Path, text: str) -> None:
    import docx

    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    document.save(str(path))


def write_pdf(path: Path, text: str) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for line in text.splitlines():
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))


if __name__ == "__main__":
    write_docx(HERE / "city-drone-logistics.docx", CITY)
    write_pdf(HERE / "national-quantum-guidelines.pdf", NATIONAL)
