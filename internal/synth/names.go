package synth

// departmentNames runs from the departments that are typically largest to
// those that are typically smallest.
var departmentNames = []string{
	"Engineering", "Sales", "Customer Success", "Operations", "Product",
	"Marketing", "Finance", "Data & Analytics", "People & Culture",
	"IT Services", "Research", "Communications", "Facilities", "Legal",
	"Procurement",
}

var cities = []string{
	"London", "Amsterdam", "Berlin", "Lisbon", "Dublin", "Warsaw",
	"Barcelona", "Stockholm", "Manchester", "Toronto",
}

var teamCodenames = []string{
	"Atlas", "Beacon", "Cedar", "Delta", "Ember", "Falcon", "Granite",
	"Harbour", "Iris", "Juniper", "Kestrel", "Lumen", "Meridian", "Nova",
	"Orchid", "Pioneer", "Quartz", "Raven", "Summit", "Tidal", "Umber",
	"Vertex", "Willow", "Zenith",
}

// The name lists are ASCII so that e-mail addresses need no transliteration.
var firstNames = []string{
	"Aaliyah", "Adam", "Ada", "Ahmed", "Aisha", "Alex", "Alice", "Amara",
	"Amir", "Ana", "Andrei", "Anna", "Arjun", "Ben", "Bianca", "Carlos",
	"Chen", "Chloe", "Chidi", "Clara", "Daniel", "David", "Diana", "Elena",
	"Eli", "Emma", "Erik", "Fatima", "Felix", "Freya", "Gabriel", "Grace",
	"Hana", "Hannah", "Hugo", "Ibrahim", "Ines", "Isaac", "Ivan", "Jack",
	"James", "Jana", "Javier", "Jonas", "Julia", "Kai", "Karim", "Kenji",
	"Laura", "Leila", "Leo", "Lina", "Lucas", "Lucy", "Maria", "Marta",
	"Mateo", "Maya", "Mei", "Mohammed", "Nadia", "Niamh", "Noah", "Nora",
	"Oliver", "Olga", "Omar", "Oscar", "Paula", "Pedro", "Priya", "Rafael",
	"Rania", "Ravi", "Rosa", "Ruth", "Sam", "Sara", "Sean", "Sofia",
	"Tariq", "Theo", "Tomas", "Una", "Victor", "Wei", "Yara", "Yusuf",
	"Zara", "Zoe",
}

var lastNames = []string{
	"Abbott", "Adeyemi", "Ahmed", "Alvarez", "Andersen", "Bailey", "Baker",
	"Bianchi", "Brennan", "Brown", "Campbell", "Chen", "Clarke", "Costa",
	"Cruz", "Davies", "Dubois", "Evans", "Fernandez", "Fischer", "Garcia",
	"Gomez", "Green", "Hansen", "Harris", "Hughes", "Ibrahim", "Jansen",
	"Jensen", "Johnson", "Kaur", "Kelly", "Khan", "Kim", "Kowalski",
	"Larsen", "Lee", "Lopez", "Martin", "Meyer", "Miller", "Moreau",
	"Murphy", "Nakamura", "Nguyen", "Novak", "Obi", "OConnor", "Okafor",
	"Olsen", "Patel", "Pereira", "Petrov", "Quinn", "Rahman", "Reyes",
	"Ricci", "Roberts", "Rossi", "Santos", "Schmidt", "Silva", "Singh",
	"Smith", "Sorensen", "Suzuki", "Taylor", "Thomas", "Tanaka", "Varga",
	"Visser", "Walsh", "Wang", "Weber", "Williams", "Wilson", "Wojcik",
	"Wright", "Yilmaz", "Young", "Zhang", "Zielinski",
}
