-- The bundled demo data (loaders/sample.py) is marked batch by batch, so that one action removes every demo
-- batch with its rows, and the pages say "dữ liệu minh họa" only while demo numbers are on screen.
-- Batches stored before this flag existed are recognised by the name the sample loader signs them with.
ALTER TABLE load_batch ADD COLUMN IF NOT EXISTS is_demo BOOLEAN DEFAULT false;
UPDATE load_batch SET is_demo = true WHERE loaded_by = 'dữ liệu mẫu' AND NOT coalesce(is_demo, false);
