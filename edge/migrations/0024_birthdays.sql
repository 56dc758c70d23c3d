-- Birthdays and the tier benefits that use them (issue 13). A member gives their birthday once
-- (at registration or later from the card; shared::birthday) and it never moves. The scheduled
-- pass looks at each member whose birthday falls in the store-local week at most once a day
-- (birthday_checked_on) and gives the tier's birthday coupon once a year (its id carries the
-- year); guides hear of their customers' birthdays every Monday (one message per week).
ALTER TABLE members ADD COLUMN birthday TEXT;            -- YYYY-MM-DD, NULL: not given
ALTER TABLE members ADD COLUMN birthday_checked_on TEXT; -- store-local date of the last look
CREATE INDEX members_by_birthday ON members(substr(birthday, 6)) WHERE birthday IS NOT NULL;
