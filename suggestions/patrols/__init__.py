"""탄력순찰: hotspot cells of field reports become patrol requests per police station (자치구 when no
station), a station's weekly plan of spots × time bands, officers' patrol logs, and the reporters'
"이번 주 ○○ 일대를 ○○시에 순찰했습니다" notice. Models belong to the `suggestions` app."""
