"""Every query's header comment is its contract: the columns it lists are the columns it returns."""

import datetime as dt
import re

import pytest

import queries

# Parameters to run each read query with. A new query must be added here (the test below fails otherwise).
READ_PARAMS = {
    "linh_vuc_spellings": {},
    "export_table": {"table_name": "unit"},
    "batch_by_sha": {"sha256": "0" * 64, "kind": "dossiers"},
    "batch_count": {},
    "data_version": {},
    "template_linh_vuc": {"unit_id": 1},
    "batch_history": {"kind": None, "status": None},
    "batch_rows": {"batch_id": 1},
    "batch_status": {"batch_id": 1},
    "dossier_period_kinds": {},
    "dossier_period_totals": {"kind": "quarter", "year_from": 2021, "year_to": 2025, "unit_ids": None,
                              "linh_vuc": "Hộ tịch"},
    "dossier_quality": {},
    "dossier_rates": {"unit_ids": None, "year_from": 2024, "year_to": 2025, "kind": "quarter", "linh_vuc": None},
    "dossier_rates_yearly": {"unit_ids": [1, 2], "year_from": None, "year_to": None},
    "dossier_units": {},
    "dossier_linh_vuc_breakdown": {"year": 2024, "unit_ids": None},
    "dossier_quality_summary": {},
    "dossier_targets": {"year_from": 2021, "year_to": 2025, "unit_ids": [3]},
    "dossier_unit_periods": {"kind": "quarter", "year_from": 2024, "year_to": 2025, "unit_ids": None},
    "dossier_unit_ranking": {"year": 2024, "unit_ids": None, "definition": "qd766"},
    "dossier_yearly_totals": {"year_from": 2021, "year_to": 2025, "unit_ids": None},
    "overlapping_batches": {"unit_ids": [1, 2], "period_start": dt.date(2025, 3, 15), "period_end": dt.date(2025, 6, 14)},
    "sample_in_use": {},
    "demo_summary": {},
    "duckdb_settings": {},
    "demo_dossiers_in_view": {"kind": "quarter", "year_from": 2024, "year_to": 2025, "unit_ids": [9]},
    "unit_aliases": {},
    # Quản lý dữ liệu: directory, lĩnh vực, lineage, exports, backup checks
    "unit_directory": {},
    "unit_get": {"unit_id": 9},
    "unit_alias_lookup": {"alias_key": "so tu phap"},
    "unit_merge_overlap": {"keep_id": 9, "merge_id": 10},
    "lineage_list": {},
    "linh_vuc_directory": {"unit_id": None},
    "linh_vuc_relabel_conflicts": {"old_name": "Hộ tịch", "new_name": "Chứng thực", "unit_id": 9},
    "backup_tables": {},
    "backup_schema_version": {},
    "backup_summary": {},
    "batch_rows_scores": {"batch_id": 1},
    "batch_rows_kpis": {"batch_id": 1},
    "batch_rows_targets": {"batch_id": 1},
    "batch_rows_plan_tasks": {"batch_id": 1},
    # Trình chiếu: one period by lĩnh vực and by unit, lowest rate first
    "presentation_linh_vuc_period": {"period_start": dt.date(2025, 9, 15), "period_end": dt.date(2025, 12, 14),
                                     "unit_ids": None, "metric": "online", "min_dossiers": 10},
    "presentation_unit_period": {"period_start": dt.date(2025, 9, 15), "period_end": dt.date(2025, 12, 14),
                                 "unit_ids": [9, 10], "metric": "on_time", "min_dossiers": 1},
    "linh_vuc_aliases": {},
    # Chỉ số: index scores, frameworks, the 766 what-if
    "score_framework_for": {"index_codes": ["PAR", "PAPI"], "levels": ["so", "tinh"], "years": [2024, 2023]},
    "score_subject_lookup": {},
    "score_superseded": {"batch_id": 1},
    "score_indices": {"demo_loader": "dữ liệu mẫu"},
    "score_subjects": {"index_code": "PAR", "subject_kind": "so"},
    "score_years": {"index_code": "PAR", "subject_kind": "tinh"},
    "score_series": {"index_code": "PAR", "unit_id": 2, "demo_loader": "dữ liệu mẫu"},
    "score_breaks": {"index_code": "PAR", "subject_kind": "so", "unit_id": 2},
    "score_components": {"index_code": "PAR", "unit_id": 2, "year": 2024},
    "score_compare": {"index_code": "PAR", "subject_kind": "tinh", "year": 2023, "unit_ids": None,
                      "demo_loader": "dữ liệu mẫu"},
    "score_component_matrix": {"index_code": "PAR", "subject_kind": "so", "year": 2024, "unit_ids": None},
    "score_papi_dimensions": {"year": 2023, "unit_id": 20},
    "score_known_rows": {"index_code": "PAPI", "unit_id": 20, "demo_loader": "dữ liệu mẫu"},
    "score_aggregates": {"index_code": "PAR", "subject_kind": "tinh"},
    "score_framework": {"index_code": None, "level": None},
    "index_whatif": {"year": 2024, "level": "so", "codes": ["3.1"], "rates": [60.0], "online_pct": 42.5,
                     "on_time_766_pct": 97.0},
    "index_reference_provinces": {"path": "data/reference/province_names.csv"},
    # Mục tiêu & kế hoạch: KPIs, targets, plan tasks
    "kpi_catalogue": {},
    "kpi_aliases": {},
    "kpi_status": {"year": 2025, "as_of": dt.date(2025, 9, 30), "unit_ids": None, "amber_points": 5.0},
    "kpi_unit_status": {"year": 2025, "as_of": dt.date(2025, 12, 31), "unit_ids": None, "amber_points": 5.0},
    "kpi_trend": {"year_from": 2021, "year_to": 2025, "unit_ids": [3], "amber_points": 5.0},
    "kpi_years": {},
    "kpi_units": {},
    "kpi_units_in_force": {"as_of": dt.date(2026, 12, 31)},
    "unit_ends": {},
    "kpi_values": {"year": 2025, "unit_ids": None},
    "target_list": {"year": 2025},
    "plan_task_list": {"today": dt.date(2026, 11, 22), "due_days": 30, "plan_year": None, "unit_ids": None},
    "plan_task_area_counts": {"today": dt.date(2026, 11, 22), "due_days": 30, "plan_year": 2026, "unit_ids": None},
    "plan_task_lead_counts": {"today": dt.date(2026, 11, 22), "due_days": 30, "plan_year": None, "unit_ids": [3]},
    "plan_task_plans": {},
    "plan_task_get": {"owner_unit_id": 1, "plan_year": 2026, "task_key": "I.1"},
    "plan_task_status_history": {"owner_unit_id": 1, "plan_year": 2026, "task_key": "I.1"},
}
# Statements that write, or read a registered DataFrame: their contracts are checked for shape only.
WRITES = {"insert_kpi_values", "kpi_superseded", "kpi_replaced", "insert_targets", "target_superseded",
          "target_replaced", "insert_plan_tasks", "plan_task_superseded", "plan_task_replaced",
          "plan_task_status_insert",
          "insert_units", "insert_unit_aliases", "insert_period", "insert_load_batch", "insert_dossier_rows",
          "mark_replaced", "mark_batches_replaced", "unit_merge_index_score", "unit_merge_kpi_value", "unit_merge_plan_task", "unit_merge_plan_task_lead", "unit_merge_plan_task_status", "linh_vuc_alias_follow", "linh_vuc_alias_upsert", "set_batch_replaces", "continuity_check", "insert_batch_keys", "unit_merge_keys", "rollback_batch", "restore_replaced",
          "unit_alias_insert", "unit_merge_aliases", "unit_merge_rows", "unit_merge_targets", "unit_merge_children",
          "lineage_merge_units", "unit_delete", "unit_delete_lineage", "unit_delete_targets", "unit_set_level",
          "unit_merge_linh_vuc_alias", "unit_delete_linh_vuc_alias",
          "lineage_insert", "lineage_delete", "lineage_valid_to", "linh_vuc_relabel",
          # Chỉ số: frameworks and reference data loaded in bulk, score rows written, registered tables read
          "index_methodology_clear", "index_methodology_insert", "index_framework_clear", "index_framework_insert",
          "index_reference_stage", "index_reference_counts", "index_reference_units", "index_reference_insert",
          "index_aggregate_insert", "index_lineage_insert", "index_lineage_valid_to", "score_insert_rows",
          "score_replacement",
          # the demo data: marked when loaded, removed by one admin action (loaders/sample.py)
          "demo_mark", "demo_delete_batches", "demo_delete_plan_task_status", "demo_delete_batch_key",
          "demo_delete_dossier_count", "demo_delete_index_score", "demo_delete_index_aggregate",
          "demo_delete_kpi_value", "demo_delete_target", "demo_delete_plan_task",
          # the dashboard's DuckDB limits (dashboard._connection)
          "duckdb_memory_limit", "duckdb_threads"}


def test_every_query_is_either_run_here_or_a_write():
    assert set(queries.available()) == set(READ_PARAMS) | WRITES


@pytest.mark.parametrize("name", sorted(queries.available()))
def test_contract_header_is_complete(name):
    contract = queries.contract(name)
    assert contract["name"] == name
    assert contract["grain"], f"{name}: no grain"
    assert re.search(r"^--\s*columns:", queries.sql(name), re.M), f"{name}: no columns line (\"none\" for a write)"
    assert queries.parameters_used(name) == set(contract["params"]), f"{name}: declared and bound parameters differ"


@pytest.mark.parametrize("name", sorted(READ_PARAMS))
def test_read_query_returns_exactly_its_declared_columns(name, sample_db):
    con = queries.connect(sample_db)
    frame = queries.run(con, name, **READ_PARAMS[name])
    declared = queries.contract(name)["columns"]
    if declared == ["*"]:                     # export_table: the columns of the table it reads
        declared = con.table(READ_PARAMS[name]["table_name"]).columns
    con.close()
    assert list(frame.columns) == declared
