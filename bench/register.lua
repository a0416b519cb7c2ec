-- wrk script: registers complaints, POST /api/v1/complaints.
--
--   wrk -t2 -c64 -d10s --latency -s bench/register.lua http://127.0.0.1:PORT
--
-- Every request is a different, valid registration as a web form or a call-centre operator
-- would send it: a Russian statement of 200 to 600 bytes (a few in Bulgarian, Armenian or
-- English), a contact, an organisation, a product and a category, with the thread and a
-- counter woven into the name, e-mail, statement and external reference, so no two bodies
-- are alike. Bodies are 0.6 to 1.2 KB of UTF-8 JSON.
--
-- REFUSE=1 sends the same bodies with a received_at in the future, which validation
-- refuses (422) before the store is reached: the same requests without the store's work,
-- the ceiling of everything else (HTTP, authentication, JSON, validation, wrk itself).
--
-- TOKEN is the API token of a user allowed to register (bench/run-all makes a front_line
-- user with `redress user add --role front_line --print-token`).

local statements = {
  "Заказал холодильник Атлант ХМ-4421, доставили с вмятиной на двери. Курьер отказался ждать, пока я проверю товар, и уехал. В магазине сказали, что претензии по внешнему виду принимаются только при приёмке. Прошу заменить холодильник или вернуть деньги.",
  "Третий месяц подряд в квитанции за отопление начислено по нормативу, хотя у нас стоит общедомовой счётчик и показания передаются ежемесячно. Управляющая компания на звонки не отвечает, письменное обращение от 12 марта осталось без ответа.",
  "С моей карты списали 4 890 рублей за подписку, которую я не оформлял. В приложении банка подписка не видна, в чате поддержки посоветовали обратиться в магазин, а магазин отправляет обратно в банк. Прошу вернуть деньги и отключить списания.",
  "Картридж за 100 рублей не печатает, продавец отказался менять без директора. Директора третий день нет на месте. Чек и упаковка сохранены.",
  "Во время ремонта по гарантии ноутбук продержали 52 дня вместо 45, а когда вернули, на корпусе появилась трещина. Мастер утверждает, что трещина была. В акте приёма об этом ничего не сказано.",
  "Оператор колл-центра дважды обещал перезвонить по поводу перерасчёта, но так и не перезвонил. Разговоры были 3 и 7 числа, номера обращений мне не сообщили. Прошу разобраться и ответить письменно.",
  "Курьерская служба потеряла посылку с документами. Трек-номер не обновляется с 14-го числа, на горячей линии говорят ждать ещё 10 дней. Документы нужны для суда, сроки горят.",
  "Банк повысил ставку по кредиту с 11,9 % до 15,5 % годовых, сославшись на то, что я не продлил страховку. Страховка продлена вовремя, полис отправлял на почту банка. Требую вернуть прежнюю ставку и пересчитать платежи.",
  "В кафе на Тверской меня обслужили грубо, счёт принесли с чужими позициями, а когда я попросил исправить, администратор повысил голос. Хочу, чтобы руководство знало, как работает смена.",
  "После замены счётчика электроэнергии пришёл счёт на 12 300 рублей за «недоучтённое потребление». Акт замены подписан мастером, показания старого счётчика сфотографированы. Прошу отменить доначисление.",
  "Закаленото стъкло пристигна спукано, моля за подмяна. Куриерът не позволи да проверя пратката преди да платя.",
  "Պատվիրված պատճենահանող սարքը ժամանակին չի առաքվել։ Խնդրում եմ վերադարձնել կանխավճարը։",
  "I was charged twice for the same order and the second charge has not been refunded after three weeks. Support keeps closing my ticket without an answer.",
}
local names = {
  "Иванова Мария Сергеевна", "Петров Алексей Николаевич", "Смирнова Ольга Викторовна",
  "Кузнецов Дмитрий Игоревич", "Попова Анна Владимировна", "Соколов Игорь Петрович",
  "Գայանե Սարգսյան", "Георги Димитров", "John Carter",
}
local organisations = {
  "ООО «Альфа»", "АО «Банк Восток»", "ПАО «Энергосбыт»", "ООО «Быстрая доставка»",
  "УК «Комфорт-Сервис»", "ИП Сидоренко А. В.", "ООО «Техносила»",
}
local products = {
  "Холодильник Атлант ХМ-4421", "Потребительский кредит", "Отопление и ГВС", "Картридж HP 85A",
  "Ноутбук ASUS VivoBook 15", "Доставка посылки", "Электроэнергия", "Банковская карта",
}
local categories = {
  "Качество товара", "Сроки доставки", "Начисления и тарифы", "Поведение персонала",
  "Гарантийный ремонт", "Списания по карте",
}
local channels = { "web", "email", "phone", "web", "email" }

local function quote(s)
  return '"' .. s:gsub('[%c"\\]', function(c)
    if c == '"' then return '\\"' elseif c == '\\' then return '\\\\' else return string.format("\\u%04x", c:byte()) end
  end) .. '"'
end

local counter = 0
local tid = 0  -- this thread's number, from setup() below
local run = os.getenv("BENCH_RUN") or "0"  -- keeps tags unique across runs on one database
local token = os.getenv("TOKEN") or error("register.lua: set TOKEN to an API token")
local refuse = os.getenv("REFUSE") == "1"
local headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }

function setup(thread)
  setup_threads = (setup_threads or 0) + 1
  thread:set("thread_id", setup_threads)
end

function init(args)
  tid = thread_id or 0  -- a global set by thread:set() before init runs
  math.randomseed(tid * 7919 + 17)
end

function request()
  counter = counter + 1
  local n = counter
  local tag = run .. "-" .. tid .. "-" .. n
  local channel = channels[n % #channels + 1]
  local contact = '{"name":' .. quote(names[n % #names + 1] .. " (" .. tag .. ")")
  if channel ~= "phone" or n % 2 == 0 then
    contact = contact .. ',"email":"client' .. tid .. "." .. n .. '@example.ru"'
  end
  if channel == "phone" or n % 3 == 0 then
    contact = contact .. ',"phone":"+7 495 ' .. string.format("%03d-%02d-%02d", n % 1000, n % 97, n % 89) .. '"'
  end
  contact = contact .. "}"
  local body = '{"channel":"' .. channel .. '"' ..
    ',"organisation":' .. quote(organisations[math.random(#organisations)]) ..
    ',"contact":' .. contact ..
    ',"statement":' .. quote(statements[math.random(#statements)] .. " Обращение " .. tag .. ".") ..
    ',"product":' .. quote(products[math.random(#products)]) ..
    ',"category":' .. quote(categories[math.random(#categories)]) ..
    ',"external_ref":"WEB-' .. tag .. '"'
  if channel == "phone" then
    body = body .. ',"received_by":{"name":"Ирина Иванова","position":"Оператор контакт-центра"}'
  end
  if refuse then
    body = body .. ',"received_at":"2999-01-01T00:00:00Z"'
  end
  body = body .. "}"
  return wrk.format("POST", "/api/v1/complaints", headers, body)
end
